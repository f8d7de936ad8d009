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

/// Secret values by shape, each unique to its place (`n` tells them apart).
fn jwt(n: u32) -> String {
    format!(
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTAwMDAwMDAwMDA{n:03}In0.c2lnbmF0dXJlLXBsYW50ZWQtMDA{n:03}"
    )
}
fn stripe(n: u32) -> String {
    format!("sk_live_51PlantedStripeKey{n:03}xyzXYZ")
}
fn slack(n: u32) -> String {
    format!("xoxb-1234567890-planted-slack-{n:03}")
}
fn aws(n: u32) -> String {
    format!("AKIAPLANTED00000{n:03}0")
}
fn github(n: u32) -> String {
    format!("ghp_PlantedGithubToken0000000000000{n:03}")
}

#[test]
fn sixty_secrets_in_every_place_a_har_holds_them_never_reach_disk() {
    let mut secrets: Vec<String> = Vec::new();
    let mut plant = |value: String| -> String {
        secrets.push(value.clone());
        value
    };
    let p = |n: u32| format!("PLANTED-{n:03}-q8z");
    let base = "https://crm.accord.example/services/data/v3";
    let form = |pairs: &[(&str, String)]| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let entry = |method: &str,
                 url: String,
                 request_headers: serde_json::Value,
                 post: Option<(&str, String)>,
                 status: u16,
                 response_headers: serde_json::Value,
                 content: (&str, String)| {
        let mut request = serde_json::json!({
            "method": method, "url": url, "headers": request_headers
        });
        if let Some((mime, text)) = post {
            request["postData"] = serde_json::json!({"mimeType": mime, "text": text});
        }
        serde_json::json!({
            "startedDateTime": "2026-11-20T10:00:00.000Z",
            "request": request,
            "response": {
                "status": status,
                "headers": response_headers,
                "content": {"mimeType": content.0, "text": content.1}
            }
        })
    };
    let mut entries = Vec::new();
    // 1. Form bodies both ways, folded Set-Cookie.
    entries.push(entry(
        "POST",
        format!("{base}/accounts"),
        serde_json::json!([{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}]),
        Some((
            "application/x-www-form-urlencoded",
            form(&[
                ("grant_type", "client_credentials".into()),
                ("client_secret", plant(p(1))),
                ("password", plant(p(2))),
                ("pin", plant(p(3))),
                ("username", "bob".into()),
            ]),
        )),
        200,
        serde_json::json!([
            {"name": "Set-Cookie", "value": format!("a={}; Path=/\nb={}; Path=/; HttpOnly", plant(p(4)), plant(p(5)))},
            {"name": "Set-Cookie", "value": format!("c={}, d={}; Expires=Wed, 21 Oct 2026 07:28:00 GMT", plant(p(6)), plant(p(7)))}
        ]),
        (
            "application/x-www-form-urlencoded",
            form(&[
                ("access_token", plant(p(8))),
                ("token_type", "bearer".into()),
                ("refresh_token", plant(p(9))),
            ]),
        ),
    ));
    // 2. URLs in Location and Referer: query strings and fragments.
    entries.push(entry(
        "GET",
        format!("{base}/accounts/001A000001AcmeHQ01"),
        serde_json::json!([
            {"name": "Referer", "value": format!("https://app.example/login?token={}&next=/home#id_token={}", plant(p(10)), plant(p(11)))},
            {"name": "X-Auth", "value": plant(p(12))},
            {"name": "X-Session", "value": plant(p(13))},
            {"name": "X-Forwarded-Credential", "value": plant(p(14))},
            {"name": "X-Custom", "value": format!("Bearer {}", plant(p(15)))},
            {"name": "X-Trace", "value": plant(stripe(16))}
        ]),
        None,
        302,
        serde_json::json!([
            {"name": "Location", "value": format!("https://crm.accord.example/cb?code={}&state=ok#access_token={}&expires_in=3600", plant(p(17)), plant(p(18)))},
            {"name": "X-Debug", "value": format!("key {} and {}", plant(slack(19)), plant(aws(20)))}
        ]),
        ("text/plain", String::new()),
    ));
    // 3. JSON served as text/plain, invalid JSON, HTML.
    entries.push(entry(
        "GET",
        format!("{base}/accounts/001A000001AcmeHQ02"),
        serde_json::json!([]),
        None,
        200,
        serde_json::json!([]),
        (
            "text/plain",
            serde_json::json!({"Id": "001A000001AcmeHQ02", "password": plant(p(21)), "notes": format!("see {}", plant(jwt(22)))}).to_string(),
        ),
    ));
    entries.push(entry(
        "GET",
        format!("{base}/accounts/001A000001AcmeHQ03"),
        serde_json::json!([]),
        None,
        200,
        serde_json::json!([]),
        (
            "application/json",
            format!(
                "{{\"Id\": \"x\", \"api_key\": \"{}\", \"secret\": \"{}\", \"cvv\": {}, broken",
                plant(p(23)),
                plant(p(24)),
                plant("424242".to_owned())
            ),
        ),
    ));
    entries.push(entry(
        "GET",
        format!("{base}/accounts/001A000001AcmeHQ04"),
        serde_json::json!([]),
        None,
        500,
        serde_json::json!([]),
        (
            "text/html",
            format!(
                "<pre>\"pwd\": \"{}\" token={} {}</pre>",
                plant(p(25)),
                plant(p(26)),
                plant(github(27))
            ),
        ),
    ));
    // 4. Multipart.
    let multipart = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"pin\"\r\n\r\n{}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nuse {}\r\n--XyZ--\r\n",
        plant(p(28)),
        plant(p(29)),
        plant(jwt(30))
    );
    entries.push(entry(
        "POST",
        format!("{base}/accounts"),
        serde_json::json!([{"name": "Content-Type", "value": "multipart/form-data; boundary=XyZ"}]),
        Some(("multipart/form-data; boundary=XyZ", multipart)),
        201,
        serde_json::json!([]),
        (
            "application/json",
            "{\"Id\":\"001A000001AcmeNEW2\"}".to_owned(),
        ),
    ));
    // 5. JSON: names, JSON inside strings, shapes in ordinary fields.
    let body = serde_json::json!({
        "Name": "Acme",
        "payload": serde_json::json!({"password": plant(p(31)), "x": 1}).to_string(),
        "notes": format!("token is {}", plant(jwt(32))),
        "pwd": plant(p(33)),
        "pin": plant(p(34)),
        "cvv": plant(p(35)),
        "jwt": plant(p(36)),
        "bearer": plant(p(37)),
        "card": {"cvc": plant(p(38)), "holder": "Jane"},
        "sessionJwt": plant(p(39)),
        "otp": plant(p(40)),
        "auth": {"user": plant(p(41))},
        "integrations": [plant(stripe(42)), plant(slack(43)), plant(aws(44)), plant(github(45))],
        "header": format!("Authorization: Basic {}", plant("cGxhbnRlZDpzZWNyZXQtNDY=".to_owned())),
        "callback": format!("https://x.example/cb?code={}&ok=1", plant(p(47))),
        // A name of this team's, made a secret in accord.yaml.
        "memberNo": plant(p(62))
    });
    entries.push(entry(
        "POST",
        format!("{base}/accounts"),
        serde_json::json!([{"name": "Content-Type", "value": "application/json"}]),
        Some(("application/json", body.to_string())),
        201,
        serde_json::json!([{"name": "Content-Type", "value": "application/json"}]),
        (
            "application/json",
            format!(
                "{{\"Id\": \"001A000001AcmeNEW3\", \"refresh_token\": \"{}\", \"big\": 12345678901234567890123, \"text\": \"a\\u2028b\\u0085c\"}}",
                plant(p(48))
            ),
        ),
    ));
    // 6. Secrets in the path (and so in the file name) and in odd query names.
    entries.push(entry(
        "GET",
        format!("{base}/files/{}/download?jwt={}&pwd={}&X-Auth={}&sessionJwt={}&limit=5", plant(stripe(49)), plant(p(50)), plant(p(51)), plant(p(52)), plant(p(53))),
        serde_json::json!([{"name": "Cookie", "value": format!("sid={}; theme=dark; csrftoken={}", plant(p(54)), plant(p(55)))}]),
        None,
        200,
        serde_json::json!([]),
        ("application/json", "{}".to_owned()),
    ));
    entries.push(entry(
        "GET",
        format!("{base}/tokens/{}", plant(github(56))),
        serde_json::json!([
            {"name": "Authorization", "value": format!("Bearer {}", plant(jwt(57)))},
            {"name": "Proxy-Authorization", "value": format!("Basic {}", plant("cGxhbnRlZDpwcm94eS01OA==".to_owned()))}
        ]),
        None,
        200,
        serde_json::json!([]),
        ("application/json", serde_json::json!({"id_token": plant(jwt(59)), "client_secret": plant(p(60)), "xAuthKey": plant(aws(61))}).to_string()),
    ));
    let har = serde_json::json!({
        "log": {"version": "1.2", "creator": {"name": "devtools", "version": "1"}, "entries": entries}
    });
    assert!(secrets.len() >= 60, "{} secrets planted", secrets.len());

    let s = Scratch::new();
    s.copy_contracts();
    s.write(
        "accord.yaml",
        format!(
            "{}\nsecret_names: [member_no]\n",
            s.read_repo("accord.yaml")
        ),
    );
    s.write("session.har", har.to_string());
    let mut seen = String::new();
    for format in ["text", "json", "markdown", "html"] {
        let run = s.run(&[
            "fixtures",
            "import-har",
            "session.har",
            "--system",
            "crm",
            "--tenant",
            "acme",
            "--format",
            format,
        ]);
        assert!(run.code < 2, "{}", run.transcript());
        seen.push_str(&run.stdout);
        seen.push_str(&run.stderr);
    }
    let dir = s.path().join("fixtures/crm/acme");
    let mut written = String::new();
    everything_under(&dir, &mut written);
    for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
        written.push_str(&entry.file_name().to_string_lossy());
        written.push('\n');
    }
    seen.push_str(&written);
    let leaked: Vec<&String> = secrets
        .iter()
        .filter(|v| seen.contains(v.as_str()))
        .collect();
    assert!(
        leaked.is_empty(),
        "{} of {} planted secrets reached disk or output: {leaked:?}\n{written}",
        leaked.len(),
        secrets.len()
    );
    // What is not a secret stays: big integers exactly, line separators,
    // ordinary fields and parameters.
    assert!(written.contains("12345678901234567890123"), "{written}");
    assert!(
        written.contains("\\u2028") && written.contains("\\u0085"),
        "{written}"
    );
    assert!(written.contains("holder: Jane"), "{written}");
    assert!(written.contains("limit: \"5\""), "{written}");
    assert!(
        written.contains("theme=[REDACTED]"),
        "cookie names kept: {written}"
    );
}
