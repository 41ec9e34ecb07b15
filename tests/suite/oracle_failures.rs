//! A broken expectation must fail loudly and usefully: the failure names the
//! case, what was expected, what came back, and the clause. Here the oracle
//! is deliberately told that the reference server does not support
//! 2025-06-18, so every served 2025-06-18 request breaks a rule.

use mcp_matrix::{
    case::{Case, CaseVersion, Method, Variant},
    client::McpClient,
    environment::shared_local_server,
    oracle::{self, Support},
    protocol::ProtocolVersion,
    surface::Surface,
    target::Vantage,
};

#[tokio::test]
async fn a_wrong_expectation_names_case_expected_actual_and_clause() {
    let server = shared_local_server()
        .await
        .unwrap_or_else(|error| panic!("no server under test: {error}"));
    let client = McpClient::new(server.endpoint()).expect("a URL");
    let case = Case::new(
        CaseVersion::V2025_06_18,
        Method::ToolsList,
        Variant::Baseline,
    );
    let exchange = client
        .send(&case.build(client.endpoint()))
        .await
        .expect("an answer");

    // The truth: the server supports 2025-06-18 and answers correctly.
    let surface = |support| Surface {
        support,
        ..Surface::default()
    };
    let right = oracle::judge(
        &case,
        &exchange,
        None,
        &surface(Support::all()),
        Vantage::Direct,
    );
    assert!(right.findings.is_empty(), "{:?}", right.findings);

    // The deliberate mistake: pretend 2025-06-18 is unsupported.
    let without = Support::new(
        ProtocolVersion::ALL
            .into_iter()
            .filter(|version| *version != ProtocolVersion::V2025_06_18),
    );
    let wrong = oracle::judge(&case, &exchange, None, &surface(without), Vantage::Direct);
    let finding = wrong
        .findings
        .iter()
        .find(|finding| finding.rule == "protocol-version.unsupported")
        .expect("the wrong expectation is broken");
    let report = mcp_matrix::report::violation("reference", &case, &wrong.outcome, finding);
    for expected in [
        "case 2025-06-18/tools-list/baseline",
        "[MUST] protocol-version.unsupported",
        "expected: a request naming the unsupported version",
        "accepted: HTTP 400",
        "actual:   200 sse result{tools} id=echo",
        "clause:   MCP 2025-06-18 basic/transports, § Protocol Version Header",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
}
