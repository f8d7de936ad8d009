//! `accord fixtures import-har`: a HAR file with secrets planted everywhere
//! becomes fixtures where no secret value appears, on disk or in output.

use crate::support::Scratch;

const SECRETS: &[&str] = &[
    "SECRET-AUTH-1111",
    "SECRET-KEY-2222",
    "SECRET-COOKIE-3333",
    "SECRET-QUERY-4444",
    "SECRET-SETCOOKIE-5555",
    "SECRET-BODY-6666",
    "SECRET-BODY-7777",
    "SECRET-BODY-8888",
    "jane.doe@example.com",
];

fn har() -> String {
    serde_json::json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "devtools", "version": "1"},
            "entries": [
                {
                    "startedDateTime": "2026-11-20T10:00:00.000Z",
                    "request": {
                        "method": "GET",
                        "url": "https://crm.accord.example/services/data/v3/accounts?access_token=SECRET-QUERY-4444&limit=10",
                        "headers": [
                            {"name": ":authority", "value": "crm.accord.example"},
                            {"name": "Authorization", "value": "Bearer SECRET-AUTH-1111"},
                            {"name": "X-Api-Key", "value": "SECRET-KEY-2222"},
                            {"name": "Cookie", "value": "session=SECRET-COOKIE-3333; theme=dark"},
                            {"name": "X-Tenant-Id", "value": "acme"},
                            {"name": "Accept", "value": "application/json"}
                        ],
                        "queryString": [
                            {"name": "access_token", "value": "SECRET-QUERY-4444"},
                            {"name": "limit", "value": "10"}
                        ],
                        "cookies": [{"name": "session", "value": "SECRET-COOKIE-3333"}]
                    },
                    "response": {
                        "status": 200,
                        "headers": [
                            {"name": "Content-Type", "value": "application/json"},
                            {"name": "Set-Cookie", "value": "sid=SECRET-SETCOOKIE-5555; Path=/; HttpOnly"},
                            {"name": "Content-Length", "value": "123"}
                        ],
                        "cookies": [{"name": "sid", "value": "SECRET-SETCOOKIE-5555"}],
                        "content": {
                            "mimeType": "application/json",
                            "text": serde_json::json!({
                                "records": [{"Id": "001A000001AcmeHQ01", "Name": "Acme", "Email": "jane.doe@example.com"}],
                                "access_token": "SECRET-BODY-6666",
                                "session": {"refresh_token": "SECRET-BODY-7777"},
                                "totalSize": 1
                            }).to_string()
                        }
                    }
                },
                {
                    "startedDateTime": "2026-11-20T10:00:01.000Z",
                    "request": {
                        "method": "POST",
                        "url": "https://crm.accord.example/services/data/v3/accounts",
                        "headers": [
                            {"name": "Authorization", "value": "Bearer SECRET-AUTH-1111"},
                            {"name": "Content-Type", "value": "application/json"}
                        ],
                        "postData": {
                            "mimeType": "application/json",
                            "text": serde_json::json!({"Name": "Acme", "Type": "Customer", "CurrencyIsoCode": "EUR", "password": "SECRET-BODY-8888"}).to_string()
                        }
                    },
                    "response": {
                        "status": 201,
                        "headers": [{"name": "Content-Type", "value": "application/json"}],
                        "content": {"mimeType": "application/json", "text": "{\"Id\":\"001A000001AcmeNEW1\"}"}
                    }
                },
                {
                    "startedDateTime": "2026-11-20T10:00:02.000Z",
                    "request": {
                        "method": "GET",
                        "url": "https://crm.accord.example/services/data/v3/reports/42",
                        "headers": [{"name": "Authorization", "value": "Bearer SECRET-AUTH-1111"}]
                    },
                    "response": {"status": 200, "headers": [], "content": {"mimeType": "text/plain", "text": "ok"}}
                }
            ]
        }
    })
    .to_string()
}

fn everything_under(dir: &std::path::Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            everything_under(&path, out);
        } else {
            out.push_str(&String::from_utf8_lossy(
                &std::fs::read(&path).expect("read"),
            ));
        }
    }
}

#[test]
fn a_har_full_of_secrets_imports_without_any_of_them() {
    let s = Scratch::new();
    s.copy_contracts();
    s.write("accord.yaml", s.read_repo("accord.yaml"));
    s.write("session.har", har());
    let run = s.run(&[
        "fixtures",
        "import-har",
        "session.har",
        "--system",
        "crm",
        "--tenant",
        "acme",
        "--format",
        "json",
    ]);
    // The third entry matches no operation: imported, and reported.
    assert_eq!(run.code, 1, "{}", run.transcript());
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "fixture-operation-unmatched");
    assert!(
        run.stderr.contains("imported 3 of 3 entries"),
        "{}",
        run.stderr
    );

    let dir = s.path().join("fixtures/crm/acme");
    let mut written = String::new();
    everything_under(&dir, &mut written);
    let mut seen = written.clone();
    seen.push_str(&run.stdout);
    seen.push_str(&run.stderr);
    for secret in SECRETS {
        assert!(
            !seen.contains(secret),
            "{secret} reached disk or output:\n{seen}"
        );
    }
    // What is kept: the operation, the non-secret query, the cookie names.
    assert!(written.contains("operation: GET /accounts\n"), "{written}");
    assert!(written.contains("limit: \"10\""), "{written}");
    assert!(
        written.contains("session=[REDACTED]; theme=[REDACTED]"),
        "{written}"
    );
    assert!(written.contains("totalSize: 1"), "{written}");

    // One file per entry.
    let files: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().collect();
    assert_eq!(files.len(), 3);

    // Again: nothing new.
    let run = s.run(&[
        "fixtures",
        "import-har",
        "session.har",
        "--system",
        "crm",
        "--tenant",
        "acme",
    ]);
    assert!(
        run.stderr.contains("imported 0 of 3 entries")
            && run.stderr.contains("3 recorded there already"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 3);
}
