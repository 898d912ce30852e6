//! `promocase serve`: a live preview of the brief while you write.
//!
//! A small blocking HTTP server on 127.0.0.1 (never another interface):
//! `/` is the HTML brief, `/status` the status as text, `/timeline.svg`
//! the readiness chart over the case's history, `/version` a fingerprint
//! of the case's files. The page asks `/version` every second and reloads
//! itself when the fingerprint changes, so an edit shows without touching
//! the browser. Each request reads the case afresh: nothing is cached, so
//! what the page shows is what `brief` would write now.
//!
//! Why a `Host` check: a web page elsewhere could point a name it controls
//! at 127.0.0.1 ("DNS rebinding") and read the brief through the browser.
//! Only requests addressed to `127.0.0.1:PORT` or `localhost:PORT` are
//! answered.
//!
//! Nothing is written anywhere; Ctrl-C ends it (there is nothing to clean
//! up).

use super::args::{Cli, ServeArgs};
use super::Outcome;
use crate::error::{Error, Result};
use crate::pipeline::{self, BriefOutput, BriefRequest};
use crate::readiness::Audience;
use crate::render::{self, Style};
use std::path::{Path, PathBuf};

/// What a request is answered with: status code, content type, body.
struct Page {
    code: u16,
    kind: &'static str,
    body: Vec<u8>,
}

impl Page {
    fn new(code: u16, kind: &'static str, body: impl Into<Vec<u8>>) -> Page {
        Page {
            code,
            kind,
            body: body.into(),
        }
    }
}

/// What the preview shows: the case, for whom, as of when.
struct Preview {
    case: PathBuf,
    audience: Audience,
    as_of: Option<crate::date::Date>,
}

pub(crate) fn run(cli: &Cli, a: &ServeArgs) -> Result<Outcome> {
    let case = crate::source::find_case_dir(&a.case.path())?;
    let server = tiny_http::Server::http(("127.0.0.1", a.port)).map_err(|e| Error::Usage {
        message: format!(
            "cannot listen on 127.0.0.1:{}: {e}\n  help: pick another port with --port, or --port 0 for any free one",
            a.port
        ),
    })?;
    let port = server.server_addr().to_ip().map_or(a.port, |s| s.port());
    let preview = Preview {
        case,
        audience: a.audience.get(),
        as_of: a.as_of,
    };
    let shown = match crate::source::display_path(&preview.case) {
        s if s.is_empty() => ".".to_string(),
        s => s,
    };
    let shown = render::escape::terminal(&shown);
    println!("serving the brief of {shown} at http://127.0.0.1:{port}/ (Ctrl-C stops)");
    for request in server.incoming_requests() {
        let page = answer(
            &preview,
            request.url(),
            host(&request),
            port,
            request.method(),
        );
        if cli.verbose {
            eprintln!(
                "{} {} {}",
                request.method(),
                render::escape::terminal(request.url()),
                page.code
            );
        }
        let kind =
            tiny_http::Header::from_bytes("Content-Type", page.kind).expect("a valid header");
        let response = tiny_http::Response::from_data(page.body)
            .with_status_code(page.code)
            .with_header(kind);
        // A browser that went away mid-answer is no error of ours.
        let _ = request.respond(response);
    }
    Ok(Outcome::Success)
}

/// The request's `Host` header, when it has one.
fn host(request: &tiny_http::Request) -> Option<String> {
    let h = request.headers().iter().find(|h| h.field.equiv("Host"))?;
    Some(h.value.as_str().to_string())
}

/// The answer to one request.
fn answer(
    p: &Preview,
    url: &str,
    host: Option<String>,
    port: u16,
    method: &tiny_http::Method,
) -> Page {
    let ours = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !host.is_some_and(|h| ours.contains(&h)) {
        return Page::new(
            403,
            "text/plain; charset=utf-8",
            "promocase serve answers only requests to 127.0.0.1 or localhost\n",
        );
    }
    if *method != tiny_http::Method::Get {
        return Page::new(405, "text/plain; charset=utf-8", "only GET\n");
    }
    let path = url.split('?').next().unwrap_or(url);
    let page = match path {
        "/" => brief_page(p),
        "/status" => status_page(p),
        "/timeline.svg" => timeline_page(p),
        "/version" => Ok(Page::new(
            200,
            "text/plain; charset=utf-8",
            version(&p.case),
        )),
        _ => Ok(Page::new(
            404,
            "text/plain; charset=utf-8",
            "not found: / is the brief, /status, /timeline.svg\n",
        )),
    };
    page.unwrap_or_else(|e| {
        Page::new(
            500,
            "text/html; charset=utf-8",
            problem_page(p, &e.to_string()),
        )
    })
}

/// The case's fingerprint (paths, sizes, modification times).
fn version(case: &Path) -> String {
    crate::source::worktree_fingerprint(case)
}

/// The brief, or, when the case has errors, `check`'s diagnostics: those
/// of the load the brief made, or, when it could not be scored at all
/// (configuration or framework unusable), of a load as `check` makes it.
fn brief_page(p: &Preview) -> Result<Page> {
    let rendered = pipeline::render_brief(&BriefRequest {
        case: &p.case,
        rev: None,
        as_of: p.as_of,
        audience: p.audience,
        since: None,
        forecast: None,
        templates: None,
        output: BriefOutput::Html,
        allow_errors: false,
    });
    let text = match rendered {
        Ok(pipeline::RenderedBrief {
            rendered: Some((_, html)),
            ..
        }) => {
            let html = crate::render::utf8(html.concat());
            let page = live(&html, &version(&p.case));
            return Ok(Page::new(200, "text/html; charset=utf-8", page));
        }
        Ok(pipeline::RenderedBrief { scored, .. }) => problems(&scored.loaded, &scored.snapshot),
        Err(e) => {
            let at = pipeline::CaseAt {
                case: &p.case,
                rev: None,
                as_of: p.as_of,
            };
            let read = pipeline::load(at, pipeline::Strategy::Checking { lean: true })?;
            match read.loaded.errors() {
                // Not the case's files: a template, say.
                0 => e.to_string(),
                _ => problems(&read.loaded, &read.snapshot),
            }
        }
    };
    Ok(Page::new(
        200,
        "text/html; charset=utf-8",
        problem_page(p, &text),
    ))
}

/// A load's diagnostics as `check` prints them.
fn problems(loaded: &crate::case::Loaded, snapshot: &crate::source::Snapshot) -> String {
    render::diagnostics::human(
        &loaded.diagnostics,
        &snapshot.display_prefix(),
        loaded.files,
        Style::PLAIN,
        false,
    )
}

/// `html` with the script that reloads it when the case changes.
fn live(html: &str, version: &str) -> String {
    let script = format!(
        "<script>/* promocase serve: reload when the case changes */\n(function(){{var v=\"{version}\";setInterval(function(){{fetch('/version').then(function(r){{return r.text()}}).then(function(t){{if(t!==v){{location.reload()}}}}).catch(function(){{}})}},1000)}})();</script>\n"
    );
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// A page saying what keeps the brief from being shown, which reloads
/// itself like the brief once the case changes.
fn problem_page(p: &Preview, text: &str) -> String {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>promocase: the case has errors</title>\n<style>body{{font:15px/1.5 -apple-system,\"Segoe UI\",Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1.5rem}}pre{{background:#f6f8fa;padding:1rem;overflow:auto}}</style>\n</head>\n<body>\n<h1>The brief cannot be shown yet</h1>\n<p>{} reads as <code>promocase check</code> says below; fix it and this page reloads by itself.</p>\n<pre>{}</pre>\n</body>\n</html>\n",
        render::escape::html_escape(&crate::source::display_path(&p.case)),
        render::escape::html_escape(text)
    );
    live(&body, &version(&p.case))
}

fn status_page(p: &Preview) -> Result<Page> {
    let scored = pipeline::score(
        pipeline::CaseAt {
            case: &p.case,
            rev: None,
            as_of: p.as_of,
        },
        p.audience,
    )?;
    let report = pipeline::status(&scored, p.audience);
    let text = render::text::status(&report, Style::PLAIN);
    Ok(Page::new(200, "text/plain; charset=utf-8", text))
}

fn timeline_page(p: &Preview) -> Result<Page> {
    let history = pipeline::timeline(
        &pipeline::TimelineArgs {
            case: &p.case,
            range: None,
            monthly: false,
            audience: p.audience,
        },
        &mut |_, _| {},
    );
    // No history (not a repository, no commit yet): said, not a failure.
    Ok(match history {
        Ok((t, _)) => Page::new(200, "image/svg+xml", render::timeline_svg(&t)),
        Err(e) => Page::new(
            404,
            "text/plain; charset=utf-8",
            format!("no timeline: {e}\n"),
        ),
    })
}
