//! Supervision of the peer processes: none outlives the test process.
//!
//! At exit (`atexit`, which also runs after failed tests) every peer gets
//! SIGTERM, and SIGKILL if it has not exited after a short grace period. A
//! process that is killed runs no exit handlers, so on Linux every child also
//! asks the kernel, with `PR_SET_PDEATHSIG`, to be sent SIGKILL when its
//! parent dies. That signal follows the thread that spawned the child, so
//! peers are spawned by one thread that lives as long as the process.

use std::{
    io,
    process::{Child, Command, ExitStatus},
    sync::{LazyLock, Mutex, Once, PoisonError, mpsc},
    thread,
    time::{Duration, Instant},
};

/// How long a peer gets to exit after SIGTERM before it is killed. The peers
/// shut down in 0.2–0.7 s, also with a stream open.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// Asks the kernel to SIGKILL the child when its parent dies, so a peer does
/// not outlive a test process that is killed (which runs no exit handlers).
///
/// "Parent" here is the *thread* that spawned the child, not the process:
/// `PR_SET_PDEATHSIG` fires when that thread exits. A peer spawned from a
/// test's thread or a runtime's blocking thread would be killed as soon as
/// that thread ends. So peers are spawned by a thread that lives as long as
/// the process ([`spawn_on_long_lived_thread`]), and setup commands by the
/// thread that waits for them.
#[cfg(target_os = "linux")]
pub(super) fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;

    let parent = std::process::id();
    // SAFETY: the hook runs in the child between fork and exec, where only
    // async-signal-safe calls are allowed: it makes two system calls and
    // allocates nothing (`last_os_error` and `from_raw_os_error` only wrap
    // an errno).
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            ) == -1
            {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before the request was made; then
            // nothing would ever send the signal.
            if libc::getppid() as u32 != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

/// Elsewhere there is no parent-death signal; the exit handler still stops
/// the peers when the test process exits normally.
#[cfg(not(target_os = "linux"))]
pub(super) fn die_with_parent(_command: &mut Command) {}

type SpawnRequest = (Command, mpsc::Sender<io::Result<Child>>);

/// The thread that spawns every peer. It waits for requests for as long as
/// the process lives (the sender is never dropped), which is what makes the
/// parent-death signal of its children mean "the test process died".
static SPAWNER: LazyLock<Result<mpsc::Sender<SpawnRequest>, String>> = LazyLock::new(|| {
    let (requests, incoming) = mpsc::channel::<SpawnRequest>();
    thread::Builder::new()
        .name("py-peer-spawner".to_owned())
        .spawn(move || {
            for (mut command, reply) in incoming {
                let _ = reply.send(command.spawn());
            }
        })
        .map(|_| requests)
        .map_err(|error| error.to_string())
});

/// Spawns `command` from the [`SPAWNER`] thread.
pub(super) fn spawn_on_long_lived_thread(command: Command) -> io::Result<Child> {
    let spawner = SPAWNER
        .as_ref()
        .map_err(|error| io::Error::other(format!("no thread to spawn it from: {error}")))?;
    let (reply, answer) = mpsc::channel();
    spawner
        .send((command, reply))
        .map_err(|_| io::Error::other("the spawning thread has ended"))?;
    answer
        .recv()
        .map_err(|_| io::Error::other("the spawning thread did not answer"))?
}

/// The peers of this process that may still run. A child stays here until
/// it is stopped, so its pid is not reaped, and cannot be reused by another
/// process, before the exit handler has signalled it.
static RUNNING: Mutex<Vec<Child>> = Mutex::new(Vec::new());

/// Keeps `child` until it is stopped, here or at exit.
pub(super) fn register(child: Child) {
    RUNNING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(child);
}

/// Stops the registered peer `pid` and returns how it ended.
pub(super) fn stop(pid: u32) -> Option<ExitStatus> {
    let child = {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        let index = running.iter().position(|child| child.id() == pid)?;
        running.swap_remove(index)
    };
    terminate(vec![child]).into_iter().next().flatten()
}

/// SIGTERM to each child still running, SIGKILL to those that have not
/// exited after [`STOP_GRACE`]; every child is reaped.
fn terminate(mut children: Vec<Child>) -> Vec<Option<ExitStatus>> {
    let mut statuses: Vec<Option<ExitStatus>> = children
        .iter_mut()
        .map(|child| child.try_wait().ok().flatten())
        .collect();
    for (child, status) in children.iter().zip(&statuses) {
        if status.is_none()
            && let Ok(pid) = libc::pid_t::try_from(child.id())
        {
            // SAFETY: plain kill(2) of our own, not yet reaped, child.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
    }
    let deadline = Instant::now() + STOP_GRACE;
    while statuses.iter().any(Option::is_none) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
        for (child, status) in children.iter_mut().zip(statuses.iter_mut()) {
            if status.is_none() {
                *status = child.try_wait().ok().flatten();
            }
        }
    }
    for (child, status) in children.iter_mut().zip(statuses.iter_mut()) {
        if status.is_none() {
            let _ = child.kill();
            *status = child.wait().ok();
        }
    }
    statuses
}

/// How a stopped peer ended, for an error message.
pub(super) fn describe(status: Option<ExitStatus>) -> String {
    status.map_or_else(
        || "exit status unknown".to_owned(),
        |status| status.to_string(),
    )
}

/// Registers, once per process, the stopping of its peers at exit, and
/// makes SIGINT and SIGTERM an exit (see `cleanup::exit_on_signals`).
pub(super) fn stop_peers_at_exit() {
    crate::environment::cleanup::exit_on_signals();
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // SAFETY: registering a plain `extern "C" fn()` with no arguments.
        let status = unsafe { libc::atexit(stop_all_peers) };
        if status != 0 {
            eprintln!(
                "mcp-matrix: cannot register stopping the Python peers at exit; \
                 on Linux they are killed when this process ends anyway"
            );
        }
    });
}

extern "C" fn stop_all_peers() {
    let children = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(PoisonError::into_inner));
    terminate(children);
}
