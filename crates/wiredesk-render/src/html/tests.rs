//! Tests for the HTML pages: content present, post text escaped, links safe, no scripts.

use chrono::Duration;
use expect_test::expect;
use wiredesk_model::{
    ChannelInfo, Count, SourceKind, SourceSpec, SourceState, SourceStatus, Trust,
};

use crate::html::{error_page, search_page, source_page, sources_page, stories_page, story_page};
use crate::testdata::{HOSTILE, at, brief, brief_v1, story};
use crate::{SearchResult, Site, StoryListItem};

fn site() -> Site {
    Site {
        title: "wiredesk".to_string(),
        base_url: "http://127.0.0.1:8080".to_string(),
    }
}

/// The page's `<main>`, with the inline SVG replaced by a placeholder.
fn main_part(page: &str) -> String {
    let start = page.find("<main").unwrap_or(0);
    let end = page.find("</main>").map(|e| e + 7).unwrap_or(page.len());
    let main = &page[start..end];
    match (main.find("<svg"), main.find("</svg>")) {
        (Some(s), Some(e)) => format!("{}<svg …/>{}", &main[..s], &main[e + 6..]),
        _ => main.to_string(),
    }
}

/// What every page must respect: no script, no external asset, every external link marked.
#[track_caller]
fn check_page_rules(page: &str) {
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "a script in the page");
    assert!(!lower.contains(" src="), "an embedded asset");
    assert!(
        !lower.contains("rel=\"stylesheet\""),
        "an external stylesheet"
    );
    assert!(!lower.contains("javascript:"), "a javascript: URL");
    assert!(!lower.contains(" style="), "an inline style attribute");
    for (idx, _) in page.match_indices("<a ") {
        let tag = &page[idx..idx + page[idx..].find('>').unwrap_or(0)];
        let external = tag.contains("href=\"http") && !tag.contains("href=\"http://127.0.0.1:8080");
        if external {
            assert!(
                tag.contains("rel=\"noopener nofollow\""),
                "external link without rel: {tag}"
            );
        }
    }
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("<meta name=\"viewport\""));
}

#[test]
fn story_page_layout() {
    let page = story_page(&site(), &story(), Some(&brief()), &[brief_v1(), brief()]);
    check_page_rules(&page);
    expect![[r##"
        <main class="wrap">
        <article>
        <h1>Talks under way in Istanbul, AFP reports</h1>
        <p class="standfirst">Turkey and the United Nations are said to mediate; who leads the delegations is not known.</p>
        <p class="meta">talks · 2 origins, 4 relays · first seen 2024-05-01 08:38 UTC · version 2, 2024-05-01 10:05 UTC</p>
        <div class="badges"><span class="badge b-confirmed">1 confirmed</span><span class="badge b-disputed">1 disputed</span><span class="badge b-unknown">1 unknown</span></div>
        <h2>What happened</h2>
        <p>AFP reported on Wednesday that talks were under way in Istanbul.<sup class="cite"><a href="#prov-3">[3]</a></sup> @wartracker quoted a post reading &lt;script&gt;alert(1)&lt;/script&gt; at 09:05 UTC.<sup class="cite"><a href="#prov-1">[1]</a><a href="#prov-2">[2]</a></sup></p>
        <h2>What is disputed</h2>
        <p>Who mediates is disputed: Turkey (AFP) | the UN (Ministry).<sup class="cite"><a href="#prov-1">[1]</a></sup></p>
        <h2>What remains uncertain</h2>
        <ul>
        <li>They do not say who leads either delegation.</li>
        </ul>
        <h2 id="ledger">Ledger</h2>
        <div class="scroll"><table class="ledger">
        <thead><tr><th scope="col">Slot</th><th scope="col">Status</th><th scope="col">Values (who says)</th><th scope="col">Sources</th></tr></thead>
        <tbody>
        <tr><td>venue of the talks</td><td><span class="badge b-confirmed">confirmed</span></td><td>Istanbul (AFP, Ministry)</td><td><sup class="cite"><a href="#prov-1">[1]</a><a href="#prov-3">[3]</a></sup></td></tr>
        <tr><td>mediators</td><td><span class="badge b-disputed">disputed</span></td><td>Turkey (AFP)<br>the UN | &lt;b&gt;UN&lt;/b&gt;</td><td><sup class="cite"><a href="#prov-2">[2]</a></sup></td></tr>
        <tr><td>delegation lead</td><td><span class="badge b-unknown">unknown</span></td><td>—</td><td>—</td></tr>
        </tbody>
        </table></div>
        <h2>Desk note</h2>
        <p>Two independent origins, three relays; the mediators are single-origin per side. We will tighten attribution as primaries publish.</p>
        <h2 id="provenance">Provenance</h2>
        <ol class="provenance">
        <li id="prov-1" value="1"><a class="url" href="https://t.me/osintbrief/101" rel="noopener nofollow">https://t.me/osintbrief/101</a> · telegram-post · first seen 2024-05-01 08:38 UTC · sha256 <code title="3f2a9c1b0d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d8e">3f2a9c1b0d4e</code></li>
        <li id="prov-2" value="2"><a class="url" href="https://t.me/wartracker/7" rel="noopener nofollow">https://t.me/wartracker/7</a> · telegram-post · first seen 2024-05-01 09:05 UTC</li>
        <li id="prov-3" value="3"><a class="url" href="https://wire.example/afp/talks-istanbul" rel="noopener nofollow">https://wire.example/afp/talks-istanbul</a> · feed-item · first seen 2024-05-01 10:02 UTC · sha256 <code title="aa11bb22cc33dd44ee55ff66">aa11bb22cc33</code></li>
        </ol>
        <h2 id="origins">Origin graph</h2>
        <figure>
        <div class="scroll"><svg …/></div>
        <figcaption class="small">Each independent origin on the left (solid green border: its own publication has been seen; dashed: known only from relays), and the posts that relay it to the right, in order of first sight.</figcaption>
        </figure>
        <h2 id="timeline">Timeline</h2>
        <ol class="timeline">
        <li><strong>2024-05-01 08:38 UTC</strong> · @osintbrief carries (AFP, citation) · <a class="url" href="https://t.me/osintbrief/101" rel="noopener nofollow">osintbrief/101</a></li>
        <li><strong>2024-05-01 09:05 UTC</strong> · @wartracker carries (AFP, forward) · <a class="url" href="https://t.me/wartracker/7" rel="noopener nofollow">wartracker/7</a></li>
        <li><strong>2024-05-01 09:40 UTC</strong> · @wartracker carries (Ministry &lt;Spokesman&gt; &amp; Co, citation) · <a class="url" href="https://t.me/wartracker/9" rel="noopener nofollow">wartracker/9</a></li>
        <li><strong>2024-05-01 10:02 UTC</strong> · wire.example publishes (AFP, primary) · <a class="url" href="https://wire.example/afp/talks-istanbul" rel="noopener nofollow">https://wire.example/afp/talks-istanbul</a></li>
        <li><strong>2024-05-01 10:02 UTC</strong> · ledger: venue: <span class="badge b-single-origin">single-origin</span> → <span class="badge b-confirmed">confirmed</span> · <a class="url" href="https://wire.example/afp/talks-istanbul" rel="noopener nofollow">https://wire.example/afp/talks-istanbul</a></li>
        </ol>
        <h2 id="revisions">Revision log</h2>
        <ol class="revisions" reversed>
        <li><strong>Version 2</strong> (shown) · 2024-05-01 10:05 UTC · AFP published; venue confirmed</li>
        <li><a href="http://127.0.0.1:8080/story/s-istanbul-talks?version=1">Version 1</a> · 2024-05-01 09:06 UTC · first brief</li>
        </ol>
        <p class="small">Story <code>s-istanbul-talks</code> · feeds of this story's briefs: <a href="http://127.0.0.1:8080/story/s-istanbul-talks/feed.atom">Atom</a> · <a href="http://127.0.0.1:8080/story/s-istanbul-talks/feed.json">JSON Feed</a></p>
        </article>
        </main>"##]].assert_eq(&main_part(&page));
}

#[test]
fn story_page_has_brief_ledger_graph_provenance() {
    let brief = brief();
    let page = story_page(
        &site(),
        &story(),
        Some(&brief),
        &[brief_v1(), brief.clone()],
    );
    assert!(page.contains("<title>Talks under way in Istanbul, AFP reports · wiredesk</title>"));
    // The headline and standfirst carry no citation marks; the body's sentences do.
    assert!(page.contains("<h1>Talks under way in Istanbul, AFP reports</h1>"));
    assert!(page.contains("<table class=\"ledger\">"));
    assert!(page.contains("<span class=\"badge b-disputed\">disputed</span>"));
    assert!(page.contains("<ol class=\"provenance\">"));
    for (number, item) in brief.provenance.iter().enumerate() {
        assert!(page.contains(&format!("<li id=\"prov-{}\" value=\"{}\"><a class=\"url\" href=\"{}\" rel=\"noopener nofollow\">", number + 1, number + 1, item.url)));
    }
    assert!(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"origin-graph\""));
    assert!(page.contains("Ministry &lt;Spokesman&gt; &amp; Co"));
    // The hostile post text is escaped, never raw.
    assert!(!page.contains(HOSTILE));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The revision log links every version.
    assert!(page.contains(
        "<a href=\"http://127.0.0.1:8080/story/s-istanbul-talks?version=1\">Version 1</a>"
    ));
    assert!(page.contains("<strong>Version 2</strong> (shown)"));
    assert!(!page.contains("You are reading version"));
}

#[test]
fn older_version_says_so() {
    let page = story_page(&site(), &story(), Some(&brief_v1()), &[brief_v1(), brief()]);
    check_page_rules(&page);
    assert!(page.contains("You are reading version 1."));
    assert!(page.contains("<h1>Talks said to be under way in Istanbul</h1>"));
    assert!(page.contains(
        "<a href=\"http://127.0.0.1:8080/story/s-istanbul-talks?version=2\">Version 2</a>"
    ));
}

#[test]
fn story_without_brief_shows_story_ledger() {
    let mut story = story();
    story.title = format!("Title with {HOSTILE}");
    let page = story_page(&site(), &story, None, &[]);
    check_page_rules(&page);
    assert!(!page.contains(HOSTILE));
    assert!(page.contains("<h1>Title with &lt;script&gt;"));
    assert!(page.contains("No brief has been published"));
    assert!(page.contains("<td>Istanbul (AFP, Ministry &lt;Spokesman&gt; &amp; Co)</td>"));
    assert!(page.contains(
        "<a href=\"https://t.me/osintbrief/101\" rel=\"noopener nofollow\">[osintbrief/101]</a>"
    ));
    assert!(page.contains("<svg"));
}

#[test]
fn non_web_urls_are_not_links() {
    let mut brief = brief();
    brief.provenance[0].url = "javascript:alert(1)".to_string();
    brief.standfirst.citations = vec!["javascript:alert(1)".to_string()];
    let page = story_page(&site(), &story(), Some(&brief), &[]);
    assert!(!page.contains("href=\"javascript:"));
    assert!(page.contains("<span class=\"url\">javascript:alert(1)</span>"));
}

#[test]
fn stories_page_badges_and_links() {
    let mut second = story();
    second.id = "s-2 with space".to_string();
    second.slots.clear();
    let items = [
        StoryListItem {
            story: story(),
            headline: Some(format!("Headline {HOSTILE}")),
        },
        StoryListItem {
            story: second,
            headline: None,
        },
    ];
    let page = stories_page(&site(), &items);
    check_page_rules(&page);
    expect![[r#"
        <main class="wrap">
        <h1>Stories</h1>
        <ul class="stories">
        <li>
        <h2><a href="http://127.0.0.1:8080/story/s-istanbul-talks">Headline &lt;script&gt;alert(1)&lt;/script&gt;</a></h2>
        <div class="badges"><span class="badge b-confirmed">1 confirmed</span><span class="badge b-disputed">1 disputed</span><span class="badge b-unknown">1 unknown</span></div>
        <div class="meta">talks · 2 origins · 3 posts · first seen 2024-05-01 08:38 UTC · updated 2024-05-01 10:02 UTC</div>
        </li>
        <li>
        <h2><a href="http://127.0.0.1:8080/story/s-2%20with%20space">Talks under way in Istanbul</a></h2>
        <div class="badges"><span class="badge b-neutral">no ledger yet</span></div>
        <div class="meta">talks · 2 origins · 3 posts · first seen 2024-05-01 08:38 UTC · updated 2024-05-01 10:02 UTC</div>
        </li>
        </ul>
        </main>"#]].assert_eq(&main_part(&page));
}

fn source_state() -> SourceState {
    SourceState {
        spec: SourceSpec {
            kind: SourceKind::Telegram {
                channel: "wartracker".to_string(),
            },
            name: None,
            interval_secs: Some(300),
            trust: Trust::LeadsOnly,
        },
        key: "wartracker".to_string(),
        status: SourceStatus::Failing,
        paused: true,
        last_fetch_at: Some(at(9, 0)),
        last_success_at: Some(at(8, 0)),
        last_error: Some(format!(
            "unexpected status 502 from https://t.me/s/wartracker {HOSTILE}"
        )),
        consecutive_failures: 5,
        next_attempt_at: Some(at(9, 0) + Duration::minutes(30)),
        etag: None,
        last_modified: None,
        cursor: None,
        channel: Some(ChannelInfo {
            username: Some("wartracker".to_string()),
            title: Some("War <Tracker>".to_string()),
            subscribers: Some(Count {
                value: 12300,
                plus_minus: 50,
            }),
            verified: false,
            ..ChannelInfo::default()
        }),
        feed: None,
        lease: None,
    }
}

#[test]
fn source_page_health() {
    let page = source_page(&site(), &source_state());
    check_page_rules(&page);
    expect![[r#"
        <main class="wrap">
        <h1>War &lt;Tracker&gt;</h1>
        <p class="meta">telegram · <a class="url" href="https://t.me/s/wartracker" rel="noopener nofollow">https://t.me/s/wartracker</a></p>
        <h2>Health</h2>
        <dl>
        <dt>Status</dt><dd><span class="badge b-bad">failing</span></dd>
        <dt>Paused</dt><dd><span class="badge b-bad">paused</span> polling waits for <code>wiredesk source resume</code></dd>
        <dt>Last fetch</dt><dd>2024-05-01 09:00 UTC</dd>
        <dt>Last success</dt><dd>2024-05-01 08:00 UTC</dd>
        <dt>Failures in a row</dt><dd>5</dd>
        <dt>Next attempt</dt><dd>2024-05-01 09:30 UTC</dd>
        <dt>Poll interval</dt><dd>300 s</dd>
        <dt>Last error</dt><dd><div class="error">unexpected status 502 from https://t.me/s/wartracker &lt;script&gt;alert(1)&lt;/script&gt;</div></dd>
        </dl>
        <h2>Trust profile</h2>
        <p><strong>leads only</strong>: good for leads, never enough on its own.</p>
        <h2>Channel</h2>
        <dl>
        <dt>Title</dt><dd>War &lt;Tracker&gt;</dd><dt>Subscribers</dt><dd>about 12300</dd></dl>
        <p class="small">Key <code>wartracker</code></p>
        </main>"#]].assert_eq(&main_part(&page));
}

#[test]
fn sources_page_lists_every_source() {
    let mut feed = source_state();
    feed.spec.kind = SourceKind::Feed {
        url: "https://wire.example/afp.xml".to_string(),
    };
    feed.key = "https://wire.example/afp.xml".to_string();
    feed.spec.name = Some("AFP".to_string());
    feed.spec.trust = Trust::Primary;
    feed.status = SourceStatus::Ok;
    feed.paused = false;
    feed.channel = None;
    let page = sources_page(&site(), &[source_state(), feed]);
    check_page_rules(&page);
    assert!(page.contains("<a href=\"http://127.0.0.1:8080/source/wartracker\">War &lt;Tracker&gt;</a> <span class=\"badge b-bad\">paused</span>"));
    assert!(page.contains(
        "<a href=\"http://127.0.0.1:8080/source/https%3A%2F%2Fwire.example%2Fafp.xml\">AFP</a>"
    ));
    assert!(page.contains("<td>leads only</td>"));
    assert!(page.contains("<span class=\"badge b-good\">ok</span>"));
}

#[test]
fn search_page_escapes_query_and_results() {
    let results = [SearchResult {
        url: "https://t.me/wartracker/7".to_string(),
        title: "@wartracker".to_string(),
        snippet: format!("talks in Istanbul {HOSTILE}"),
        published_at: at(9, 5),
        story_id: Some("s-istanbul-talks".to_string()),
    }];
    let page = search_page(&site(), "\"istanbul\" <b>", &results);
    check_page_rules(&page);
    assert!(!page.contains(HOSTILE));
    assert!(page.contains("value=\"&quot;istanbul&quot; &lt;b&gt;\""));
    expect![[r#"
        <main class="wrap">
        <h1>Search</h1>
        <p class="meta">1 result for “&quot;istanbul&quot; &lt;b&gt;”.</p>
        <ol class="provenance">
        <li><a href="https://t.me/wartracker/7" rel="noopener nofollow">@wartracker</a> <span class="small">· 2024-05-01 09:05 UTC · <a href="http://127.0.0.1:8080/story/s-istanbul-talks">story</a></span><br><span class="small">talks in Istanbul &lt;script&gt;alert(1)&lt;/script&gt;</span></li>
        </ol>
        </main>"#]].assert_eq(&main_part(&page));
    let empty = search_page(&site(), "", &[]);
    assert!(empty.contains("Search the text of every post"));
}

#[test]
fn error_page_escapes_message() {
    let page = error_page(&site(), 404, &format!("no story {HOSTILE}"));
    check_page_rules(&page);
    assert!(page.contains("<h1>404 · Not found</h1>"));
    assert!(page.contains("no story &lt;script&gt;"));
    assert!(!page.contains(HOSTILE));
}

#[test]
fn relative_links_with_empty_base() {
    let site = Site {
        title: "wiredesk".to_string(),
        base_url: String::new(),
    };
    let page = stories_page(
        &site,
        &[StoryListItem {
            story: story(),
            headline: None,
        }],
    );
    assert!(page.contains("<a href=\"/story/s-istanbul-talks\">"));
    assert!(page.contains("href=\"/feed.atom\""));
}

/// A language-model section shows under its heading with the visible label and its citation
/// marks; sections withheld by the gates are said to be withheld.
#[test]
fn analysis_sections_carry_their_label_and_withheld_ones_are_said() {
    let mut brief = brief();
    let url = brief.sections[0].sentences[0].citations[0].clone();
    brief.sections.push(wiredesk_model::Section {
        heading: "What it signals".to_string(),
        sentences: vec![wiredesk_model::Sentence {
            text: "The desk reads the venue as a sign of a mediated track.".to_string(),
            citations: vec![url],
        }],
        label: Some(wiredesk_model::ANALYSIS_LABEL.to_string()),
    });
    brief.analysis = Some(wiredesk_model::AnalysisNote {
        model: "smollm2".to_string(),
        prompt_version: "analysis-v1".to_string(),
        proposed: 6,
        published: 2,
        refused: [("meta".to_string(), 4)].into_iter().collect(),
        withheld: vec!["Stakes".to_string()],
        error: None,
    });
    let page = story_page(&site(), &story(), Some(&brief), &[brief.clone()]);
    assert!(page.contains(
        "<h2>What it signals <small class=\"label\">analysis, written with a language model</small></h2>"
    ), "{page}");
    assert!(page.contains("a mediated track."));
    assert!(page.contains("href=\"#prov-1\""));
    assert!(page.contains("Analysis withheld for Stakes"));
    let text = crate::markdown(&brief, &story());
    assert!(text.contains("## What it signals _(analysis, written with a language model)_"));
    assert!(text.contains("_Analysis withheld for Stakes"));
}
