//! Tests for the Telegram preview parser: snapshots of every recorded page, one focused case per
//! trap, and the scenario pages.

use std::path::{Path, PathBuf};

use super::*;

fn fixtures_dir() -> PathBuf {
    wiredesk_test_support::fixture("telegram")
}

fn snapshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/telegram")
}

fn page_json(path: &Path) -> String {
    let html = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
    let page = parse_page(&html);
    serde_json::to_string_pretty(&page).expect("a page serializes") + "\n"
}

#[test]
fn snapshots_of_every_fixture() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/telegram exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 28,
        "expected the recorded pages, found {}",
        entries.len()
    );
    let mut failures = Vec::new();
    for path in &entries {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let actual = page_json(path);
        let snapshot = snapshots_dir().join(format!("{name}.json"));
        if update {
            std::fs::create_dir_all(snapshots_dir()).expect("create the snapshot folder");
            std::fs::write(&snapshot, &actual).expect("write a snapshot");
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == actual => {}
            Ok(_) => failures.push(format!("{name}: differs from {}", snapshot.display())),
            Err(_) => failures.push(format!("{name}: no snapshot at {}", snapshot.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "rerun with UPDATE_EXPECT=1 and review:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Focused cases, one per trap. `wrap` builds a current-format message around a bubble body.

fn wrap(post: &str, bubble: &str) -> String {
    format!(
        r#"<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{post}" data-view="eyJjIjotMTE4NjkyMTQ5OSwicCI6OTM0MzMsInQiOjE3ODc1NTU5MTQsImgiOiI4ZGU4YTRjMzQ0MWM3MmNlZDYifQ">
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/ClashReport"><span dir="auto">Clash Report</span></a></div>
{bubble}
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info"><span class="tgme_widget_message_views">3.12K</span><span class="copyonly"> views</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/{post}"><time datetime="2026-08-24T03:46:52+00:00" class="time">03:46</time></a></span></div></div>
</div></div></div>"#
    )
}

fn only_post(html: &str) -> Post {
    let page = parse_page(html);
    assert_eq!(
        page.posts.len(),
        1,
        "posts: {:#?}\nwarnings: {:#?}",
        page.posts,
        page.warnings
    );
    page.posts.into_iter().next().expect("one post")
}

#[test]
fn trap1_reply_quote_is_not_the_body_and_trap2_stray_quote_is_tolerated() {
    let html = wrap(
        "ClashReport/93433",
        r#"<a class="tgme_widget_message_reply user-color-default" href="https://t.me/ClashReport/93428" "><i class="tgme_widget_message_reply_thumb" style="background-image:url('https://cdn4.telesco.pe/file/a.jpg')"></i>
<div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name" dir="auto">Clash Report</span></div>
<div class="tgme_widget_message_text js-message_reply_text" dir="auto">Andy Burnham will visit Kyiv today</div>
</a>
<div class="tgme_widget_message_text js-message_text" dir="auto">He has arrived.</div>"#,
    );
    let post = only_post(&html);
    assert_eq!(post.text, "He has arrived.");
    let reply = post.reply_to.expect("a reply");
    assert_eq!(reply.channel.as_deref(), Some("ClashReport"));
    assert_eq!(reply.id.as_deref(), Some("93428"));
    assert_eq!(reply.author.as_deref(), Some("Clash Report"));
    assert_eq!(
        reply.text.as_deref(),
        Some("Andy Burnham will visit Kyiv today")
    );
    assert_eq!(post.published_at.to_rfc3339(), "2026-08-24T03:46:52+00:00");
    assert_eq!(post.channel_id, Some(1186921499));
    assert_eq!(post.url.as_deref(), Some("https://t.me/ClashReport/93433"));
    assert_eq!(
        post.views,
        Some(Count {
            value: 3120,
            plus_minus: 5
        })
    );
}

#[test]
fn reply_quote_holding_a_link_is_split_by_the_parser_but_stays_out_of_the_body() {
    // `<a href="?q=…">` inside the reply `<a>`: the parser closes the reply early and the quote's
    // text div becomes a sibling of it (a real shape on scenario pages).
    let html = wrap(
        "wartracker/99201",
        r#"<a class="tgme_widget_message_reply user-color-default" href="https://t.me/wartracker/99198" "><div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name">War Tracker</span></div>
<div class="tgme_widget_message_text js-message_reply_text" dir="auto">Overnight attack. <a href="?q=%23Ukraine">#Ukraine</a></div>
</a>
<div class="tgme_widget_message_text js-message_text" dir="auto">Kharkiv: three injured.</div>"#,
    );
    let post = only_post(&html);
    assert_eq!(post.text, "Kharkiv: three injured.");
    assert!(
        post.links.is_empty() && post.hashtags.is_empty(),
        "{:?} {:?}",
        post.links,
        post.hashtags
    );
    let reply = post.reply_to.expect("a reply");
    assert_eq!(reply.id.as_deref(), Some("99198"));
    assert_eq!(reply.author.as_deref(), Some("War Tracker"));
    assert_eq!(reply.text.as_deref(), Some("Overnight attack. #Ukraine"));
}

#[test]
fn link_preview_description_holding_a_link_is_kept() {
    let post = only_post(&wrap(
        "chan/30",
        r#"<div class="tgme_widget_message_text js-message_text"><a href="https://example.com/a">https://example.com/a</a></div>
<a class="tgme_widget_message_link_preview" href="https://example.com/a"><div class="link_preview_site_name">Example</div><div class="link_preview_title">Title</div><div class="link_preview_description">See <a href="https://t.me/other">@other</a> now</div></a>"#,
    ));
    assert_eq!(post.links.len(), 1, "{:?}", post.links);
    match &post.media[..] {
        [
            Media::LinkPreview {
                site,
                title,
                description,
                url,
                ..
            },
        ] => {
            assert_eq!(url.as_deref(), Some("https://example.com/a"));
            assert_eq!(
                (site.as_deref(), title.as_deref()),
                (Some("Example"), Some("Title"))
            );
            assert_eq!(description.as_deref(), Some("See @other now"));
        }
        other => panic!("expected one link preview, got {other:?}"),
    }
}

#[test]
fn cross_channel_reply_names_the_other_channel() {
    let html = wrap(
        "ClashReport/93440",
        r#"<a class="tgme_widget_message_reply" href="https://t.me/OtherChan/77"><div class="tgme_widget_message_metatext">Photo</div></a>
<div class="tgme_widget_message_text js-message_text">Look.</div>"#,
    );
    let reply = only_post(&html).reply_to.expect("a reply");
    assert_eq!(
        (reply.channel.as_deref(), reply.id.as_deref()),
        (Some("OtherChan"), Some("77"))
    );
    assert_eq!(reply.text.as_deref(), Some("Photo"));
}

#[test]
fn double_escaped_ampersands_in_links_are_repaired() {
    let html = wrap(
        "ClashReport/1",
        r#"<div class="tgme_widget_message_text js-message_text"><a href="https://example.com/a?x=1&amp;amp;y=2" target="_blank" rel="noopener" onclick="return confirm('Open this link?\n\n'+this.href);">the report</a></div>"#,
    );
    let post = only_post(&html);
    assert_eq!(post.links.len(), 1);
    assert_eq!(post.links[0].url, "https://example.com/a?x=1&y=2");
    assert_eq!(post.links[0].text, "the report");
}

#[test]
fn forward_from_a_hidden_author_has_a_name_only() {
    let html = wrap(
        "ClashReport/2",
        r#"<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;<span class="tgme_widget_message_forwarded_from_name"><span dir="auto">Ivan Petrov</span></span><span class="tgme_widget_message_forwarded_from_author">, Desk</span></div>
<div class="tgme_widget_message_text js-message_text">Text.</div>"#,
    );
    let forward = only_post(&html).forwarded_from.expect("a forward");
    assert_eq!(forward.channel, None);
    assert_eq!(forward.id, None);
    assert_eq!(forward.name.as_deref(), Some("Ivan Petrov"));
    assert_eq!(forward.author.as_deref(), Some("Desk"));
}

#[test]
fn linked_forward_gives_channel_and_id() {
    let html = wrap(
        "topwar_official/70996",
        r#"<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;<a class="tgme_widget_message_forwarded_from_name" href="https://t.me/yaremshooter/1066"><span dir="auto">Военкор Ярем</span></a></div>
<div class="tgme_widget_message_text js-message_text">Текст.</div>"#,
    );
    let forward = only_post(&html).forwarded_from.expect("a forward");
    assert_eq!(forward.channel.as_deref(), Some("yaremshooter"));
    assert_eq!(forward.id.as_deref(), Some("1066"));
    assert_eq!(forward.name.as_deref(), Some("Военкор Ярем"));
}

#[test]
fn via_bot_is_read_from_the_author_line() {
    let html = wrap(
        "ClashReport/3",
        r#"<div class="tgme_widget_message_author"><a class="tgme_widget_message_via_bot" href="https://t.me/gif">@gif</a></div>
<div class="tgme_widget_message_text js-message_text">Funny.</div>"#,
    );
    assert_eq!(only_post(&html).via_bot.as_deref(), Some("@gif"));
}

#[test]
fn counts_keep_their_rounding() {
    let count = |text: &str| parse_count(text).map(|count| (count.value, count.plus_minus));
    assert_eq!(count("3.12K"), Some((3120, 5)));
    assert_eq!(count("110K"), Some((110_000, 500)));
    assert_eq!(count("11.4M"), Some((11_400_000, 50_000)));
    assert_eq!(count("226.2K"), Some((226_200, 50)));
    assert_eq!(count("1"), Some((1, 0)));
    assert_eq!(count("846"), Some((846, 0)));
    assert_eq!(count("11 286 994"), Some((11_286_994, 0)));
    assert_eq!(count("11 286 994 subscribers"), Some((11_286_994, 0)));
    assert_eq!(count("97 957 members, 4 138 online"), Some((97_957, 0)));
    assert_eq!(count("110K subscribers"), Some((110_000, 500)));
    assert_eq!(count("5 members"), Some((5, 0)));
    assert_eq!(count(" 2.65K "), Some((2650, 5)));
    assert_eq!(count("views"), None);
    assert_eq!(count(""), None);
}

#[test]
fn data_view_decodes_unpadded_base64url_json() {
    let view = decode_data_view(
        "eyJjIjotMzk3NjUxMDQ4MSwicCI6MSwidCI6MTc4MDE4MDA3NywiaCI6ImRjOGViNDk3YjA3M2E4MjZjZiJ9",
    )
    .expect("decodes");
    assert_eq!(view.chat_id, Some(-3976510481));
    assert_eq!(view.channel_id(), Some(3976510481));
    assert_eq!(view.post.as_deref(), Some("1"));
    assert_eq!(view.rendered_at, Some(1780180077));
    assert_eq!(view.hash.as_deref(), Some("dc8eb497b073a826cf"));
    assert!(!view.is_album());

    use base64::Engine;
    let album = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(br#"{"c":-1186921499,"p":"93430g","t":1787555914,"h":"8de8a4c3441c72ced6"}"#);
    let view = decode_data_view(&album).expect("decodes");
    assert_eq!(view.channel_id(), Some(1186921499));
    assert!(view.is_album());
    // A 2018 embed carries only t and h.
    let old =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"t":1538200000,"h":"ab"}"#);
    assert_eq!(
        decode_data_view(&old).and_then(|view| view.channel_id()),
        None
    );
    assert_eq!(decode_data_view("not base64 at all!"), None);
    assert_eq!(
        decode_data_view("WzEsMl0"),
        None,
        "a JSON array is not a data-view"
    );
}

#[test]
fn wraps_without_readable_posts_mean_the_front_end_changed() {
    let html = r#"<section class="tgme_channel_history"><div class="tgme_widget_message_wrap"><div class="tgme_widget_message_v2" data-id="9"><p>hi</p></div></div><div class="tgme_widget_message_wrap"><div class="tgme_widget_message_v2" data-id="10"></div></div></section>"#;
    let page = parse_page(html);
    assert_eq!(page.n_wraps, 2);
    assert!(page.posts.is_empty());
    assert!(page.front_end_changed());
    assert!(!page.warnings.is_empty());

    let empty = parse_page(
        r#"<main><section class="tgme_channel_history js-message_history"></section></main>"#,
    );
    assert_eq!(empty.kind, PageKind::Preview);
    assert!(
        !empty.front_end_changed(),
        "an empty channel is not a front-end change"
    );
}

#[test]
fn unparsable_wrap_on_a_page_that_has_posts_is_a_warning() {
    let mut html = wrap(
        "ClashReport/5",
        r#"<div class="tgme_widget_message_text js-message_text">ok</div>"#,
    );
    html.push_str(r#"<div class="tgme_widget_message_wrap"><div class="tgme_widget_message"><div class="tgme_widget_message_text js-message_text">no id anywhere</div></div></div>"#);
    let page = parse_page(&html);
    assert_eq!(page.posts.len(), 1);
    assert_eq!(page.n_wraps, 2);
    assert!(!page.front_end_changed());
    assert!(
        page.warnings
            .iter()
            .any(|warning| warning.message.contains("without data-post")),
        "{:?}",
        page.warnings
    );
}

#[test]
fn cursors_come_from_data_attributes_or_head_links() {
    let html = r#"<html><head><link rel="prev" href="/s/chan?before=90"><link rel="next" href="/s/chan?after=130"></head><body>
<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/chan?before=100" class="tme_messages_more js-messages_more" data-before="100"></a></div>
<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/chan?after=120" class="tme_messages_more js-messages_more" data-after="120"></a></div>
</body></html>"#;
    let page = parse_page(html);
    assert_eq!((page.before, page.after), (Some(100), Some(120)));

    let head_only = r#"<html><head><link rel="prev" href="/s/chan?before=90"><link rel="next" href="/s/chan?q=x&after=130"></head><body></body></html>"#;
    let page = parse_page(head_only);
    assert_eq!((page.before, page.after), (Some(90), Some(130)));

    let last_page = parse_page(&wrap(
        "chan/1",
        r#"<div class="tgme_widget_message_text js-message_text">Channel created</div>"#,
    ));
    assert_eq!((last_page.before, last_page.after), (None, None));
}

#[test]
fn no_messages_found_is_neither_a_post_nor_a_front_end_change() {
    let html = r#"<section class="tgme_channel_history js-message_history"><div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tme_no_messages_found">No messages found</div></div></section>"#;
    let page = parse_page(html);
    assert_eq!(page.kind, PageKind::Preview);
    assert!(page.posts.is_empty());
    assert_eq!(page.n_wraps, 0);
    assert!(!page.front_end_changed());
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn embed_from_2018_without_data_post_reads_the_footer_link() {
    let html = r#"<!DOCTYPE html><html><head><title>Telegram Widget</title></head>
<body class="tgme_widget body_widget_post emoji_default">
<div class="tgme_widget_message" id="widget_message" data-view="eyJ0IjoxNTM4MjAwMDAwLCJoIjoiYWIifQ">
  <div class="tgme_widget_message_bubble">
    <div class="tgme_widget_message_author"><a class="tgme_widget_message_owner_name" href="https://t.me/farsi_news"><span dir="auto">خبر</span></a></div>
    <div class="tgme_widget_message_text" dir="auto">سلام دنیا<br>خط دوم</div>
    <div class="tgme_widget_message_footer">
      <div class="tgme_widget_message_link"><a href="https://t.me/farsi_news/42" class="link_anchor">t.me/farsi_news/42</a></div>
      <div class="tgme_widget_message_info"><span class="tgme_widget_message_views">1.2K</span><span class="tgme_widget_message_date"><time>Sep 29, 2015 at 05:35</time></span></div>
    </div>
  </div>
</div></body></html>"#;
    let page = parse_page(html);
    assert_eq!(page.kind, PageKind::Embed);
    assert_eq!(page.n_wraps, 1);
    let post = page.posts.first().expect("a post");
    assert_eq!(
        (post.source.as_str(), post.id.as_str()),
        ("farsi_news", "42")
    );
    assert_eq!(post.published_at.to_rfc3339(), "2015-09-29T05:35:00+00:00");
    assert_eq!(post.text, "سلام دنیا\nخط دوم");
    assert_eq!(post.channel_id, None);
    assert!(
        page.warnings
            .iter()
            .any(|warning| warning.message.contains("visible time text")),
        "{:?}",
        page.warnings
    );
}

#[test]
fn a_post_without_any_time_is_skipped_with_a_warning() {
    let html = r#"<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="chan/7"><div class="tgme_widget_message_text js-message_text">when?</div></div></div>"#;
    let page = parse_page(html);
    assert!(page.posts.is_empty());
    assert!(
        page.warnings
            .iter()
            .any(|warning| warning.at.as_deref() == Some("chan/7")),
        "{:?}",
        page.warnings
    );
}

#[test]
fn br_and_br_slash_give_the_same_lines() {
    let text = |br: &str| {
        only_post(&wrap("chan/8", &format!(r#"<div class="tgme_widget_message_text js-message_text">one{br}two{br}{br}three</div>"#)))
            .text
    };
    assert_eq!(text("<br/>"), "one\ntwo\n\nthree");
    assert_eq!(text("<br>"), "one\ntwo\n\nthree");
}

#[test]
fn ide_reindentation_collapses_like_a_browser() {
    let post = only_post(&wrap(
        "chan/9",
        "<div class=\"tgme_widget_message_text js-message_text\" dir=\"auto\">Первая\n                строка<br/>\n      вторая    строка\n   <span style=\"display: inline-block; width: 104px;\"></span>\n</div>",
    ));
    assert_eq!(post.text, "Первая строка\nвторая строка");
}

#[test]
fn fragment_starting_at_section_is_a_preview() {
    let html = format!(
        r#"<section class="tgme_channel_history js-message_history">{}{}</section>"#,
        wrap(
            "chan/10",
            r#"<div class="tgme_widget_message_text js-message_text">a</div>"#
        ),
        wrap(
            "chan/11",
            r#"<div class="tgme_widget_message_text js-message_text">b</div>"#
        )
    );
    let page = parse_page(&html);
    assert_eq!(page.kind, PageKind::Preview);
    assert_eq!(
        page.posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        ["10", "11"]
    );
    assert!(page.channel.is_none(), "a fragment has no header");
}

#[test]
fn emoji_glyphs_are_kept() {
    let post = only_post(&wrap(
        "chan/12",
        r#"<div class="tgme_widget_message_text js-message_text"><tg-emoji emoji-id="1"><i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/F09FA496.png')"><b>🤖</b></i></tg-emoji> bot <i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/F09F94A5.png')"></i> fire</div>"#,
    ));
    assert_eq!(post.text, "🤖 bot 🔥 fire");
}

#[test]
fn album_text_wrapped_twice_and_not_supported_copy_count_once() {
    let post = only_post(&wrap(
        "chan/13",
        r#"<div class="media_supported_cont"><div class="tgme_widget_message_grouped_wrap"><div class="tgme_widget_message_grouped"><div class="tgme_widget_message_grouped_layer">
<a class="tgme_widget_message_photo_wrap grouped_media_wrap" href="https://t.me/chan/13?single" style="background-image:url('https://cdn4.telesco.pe/file/1.jpg')"></a>
<a class="tgme_widget_message_photo_wrap grouped_media_wrap" href="https://t.me/chan/14?single" style="background-image:url(&quot;https://cdn4.telesco.pe/file/2.jpg&quot;)"></a>
</div></div></div>
<div class="tgme_widget_message_text js-message_text"><div class="tgme_widget_message_text js-message_text">Caption</div></div></div>
<div class="media_not_supported_cont"><div class="message_media_not_supported_wrap"><div class="message_media_not_supported_label">Please open Telegram to view this post</div></div>
<div class="tgme_widget_message_text js-message_text">Caption</div></div>"#,
    ));
    assert_eq!(post.text, "Caption");
    let ids: Vec<Option<&str>> = post
        .media
        .iter()
        .filter_map(|media| match media {
            Media::AlbumItem { id, .. } => Some(id.as_deref()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, [Some("13"), Some("14")]);
    assert!(
        matches!(&post.media[1], Media::AlbumItem { item, .. } if matches!(item.as_ref(), Media::Photo { url: Some(url), .. } if url.ends_with("2.jpg")))
    );
    // The fallback copy beside an album the preview shows is not an unsupported medium.
    assert!(
        !post
            .media
            .iter()
            .any(|media| matches!(media, Media::Unsupported { .. })),
        "{:?}",
        post.media
    );
}

#[test]
fn fully_unsupported_post_is_flagged() {
    let post = only_post(&wrap(
        "chan/15",
        r#"<div class="media_not_supported_cont"><div class="message_media_not_supported_wrap"><div class="message_media_not_supported_label">Please open Telegram to view this post</div><a href="https://t.me/chan/15" class="message_media_view_in_telegram">VIEW IN TELEGRAM</a></div></div>"#,
    ));
    assert_eq!(post.media, [Media::Unsupported { partial: false }]);
    assert_eq!(post.text, "");
}

#[test]
fn entities_blockquotes_and_buttons() {
    let html = wrap(
        "chan/16",
        r##"<div class="tgme_widget_message_text js-message_text">Strike reported <a href="?q=%23news">#news</a> by <a href="https://t.me/someone">@someone</a><blockquote>Source: FT</blockquote>end &quot;quoted&quot; &#036;5</div>
</div><div class="tgme_widget_message_inline_keyboard"><div class="tgme_widget_message_inline_row"><a class="tgme_widget_message_inline_button url_button" href="https://example.com/x?a=1&amp;amp;b=2"><span class="tgme_widget_message_inline_button_text">Open</span></a></div></div><div>"##,
    );
    let post = only_post(&html);
    assert_eq!(
        post.text,
        "Strike reported #news by @someone\nSource: FT\nend \"quoted\" $5"
    );
    assert_eq!(post.hashtags, ["#news"]);
    assert_eq!(post.mentions, ["@someone"]);
    assert_eq!(post.blockquotes, ["Source: FT"]);
    assert_eq!(
        post.links.len(),
        1,
        "hashtag search links are not outlinks: {:?}",
        post.links
    );
    assert_eq!(
        post.buttons,
        [wiredesk_model::Link {
            url: "https://example.com/x?a=1&b=2".into(),
            text: "Open".into()
        }]
    );
}

#[test]
fn service_message_and_edited_marker() {
    let service = r#"<div class="tgme_widget_message_wrap"><div class="tgme_widget_message service_message js-widget_message" data-post="prstnk_eprst/1"><div class="tgme_widget_message_text js-message_text">Channel created</div><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/prstnk_eprst/1"><time datetime="2026-05-30T21:56:29+00:00">21:56</time></a></span></div></div>"#;
    let post = only_post(service);
    assert!(post.service);
    assert_eq!(post.views, None);

    let edited = r#"<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="durov/521"><div class="tgme_widget_message_text js-message_text">I edited nothing</div><span class="tgme_widget_message_meta"><span class="tgme_widget_message_from_author">Pavel Durov</span>,&nbsp;edited &nbsp;<a class="tgme_widget_message_date" href="https://t.me/durov/521"><time datetime="2026-06-01T15:40:13+00:00" class="time">18:40</time></a></span></div></div>"#;
    let post = only_post(edited);
    assert!(post.edited);
    assert_eq!(post.author.as_deref(), Some("Pavel Durov"));
    assert_eq!(
        post.published_at.to_rfc3339(),
        "2026-06-01T15:40:13+00:00",
        "the attribute, not the visible 18:40"
    );

    let in_text_only = only_post(&wrap(
        "chan/17",
        r#"<div class="tgme_widget_message_text js-message_text">the “edited” label</div>"#,
    ));
    assert!(!in_text_only.edited);
}

#[test]
fn location_and_contact_hints() {
    let post = only_post(&wrap(
        "chan/18",
        r#"<a class="tgme_widget_message_location_wrap" href="https://maps.google.com/maps?q=46.4825,30.7233&ll=46.4825,30.7233&z=16"><div class="tgme_widget_message_location" style="background-image:url('https://t.me/map?center=46.4825,30.7233')"></div></a>
<div class="tgme_widget_message_contact"><div class="tgme_widget_message_contact_name">Press Office</div><div class="tgme_widget_message_contact_phone">+380 00 000 0000</div></div>"#,
    ));
    assert!(
        matches!(post.media[0], Media::Location { latitude: Some(lat), longitude: Some(lon), .. } if (lat - 46.4825).abs() < 1e-9 && (lon - 30.7233).abs() < 1e-9)
    );
    assert_eq!(
        post.media[1],
        Media::Contact {
            name: Some("Press Office".into()),
            phone: Some("+380 00 000 0000".into())
        }
    );
}

#[test]
fn browser_saved_copy_day_separators_are_not_posts() {
    let html =
        std::fs::read_to_string(fixtures_dir().join("any2feed__message_media_forwarded_from.html"))
            .expect("fixture");
    let page = parse_page(&html);
    assert_eq!(page.posts.len(), 1);
    assert_eq!(page.n_wraps, 1);
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn channel_header_reads_canonical_username_counters_and_verified() {
    let html = std::fs::read_to_string(fixtures_dir().join("sherlock__channel_feed.html"))
        .expect("fixture");
    let page = parse_page(&html);
    let channel = page.channel.expect("a header");
    assert_eq!(channel.username.as_deref(), Some("durov"));
    assert!(
        channel.verified,
        "the icon sits in _labels on current pages"
    );
    assert_eq!(
        channel.subscribers,
        Some(Count {
            value: 11_300_000,
            plus_minus: 50_000
        })
    );
    assert_eq!(page.before, Some(519));
    assert_eq!(page.posts.len(), 20);
    assert_eq!(page.posts.iter().filter(|post| post.edited).count(), 4);

    let html = std::fs::read_to_string(fixtures_dir().join("prstnk__tg_channel_prstnk_eprst.html"))
        .expect("fixture");
    let page = parse_page(&html);
    let channel = page.channel.expect("a header");
    assert_eq!(channel.avatar, None, "data: placeholders are not avatars");
    assert_eq!(page.before, None, "first page is the last page");
    assert!(page.posts[0].service);
}

#[test]
fn landing_pages_are_told_apart() {
    let landing = |name: &str| {
        let html = std::fs::read_to_string(fixtures_dir().join(name)).expect("fixture");
        let page = parse_page(&html);
        assert_eq!(page.kind, PageKind::Landing, "{name}");
        page.landing.expect("a landing")
    };
    let channel = landing("sherlock__tme_channel.html");
    assert_eq!(channel.kind, LandingKind::Channel);
    assert_eq!(
        channel.subscribers,
        Some(Count {
            value: 11_286_994,
            plus_minus: 0
        })
    );
    let group = landing("sherlock__tme_group.html");
    assert_eq!(group.kind, LandingKind::Group);
    assert_eq!(group.extra.as_deref(), Some("97 957 members, 4 138 online"));
    assert_eq!(landing("sherlock__tme_user.html").kind, LandingKind::User);
    assert_eq!(landing("sherlock__tme_bot.html").kind, LandingKind::Bot);
    let free = landing("sherlock__tme_free.html");
    assert_eq!(free.kind, LandingKind::NotFound);
    assert_eq!(free.username.as_deref(), Some("zzq9x7v2knot44"));
}

#[test]
fn tme_links_name_channel_and_post() {
    use super::dom::parse_tme_link;
    let link = |href: &str| parse_tme_link(href);
    assert_eq!(
        link("https://t.me/ClashReport/93428"),
        Some(("ClashReport".into(), Some("93428".into())))
    );
    assert_eq!(
        link("https://t.me/anna_news/46909?single"),
        Some(("anna_news".into(), Some("46909".into())))
    );
    assert_eq!(
        link("/s/durov/12"),
        Some(("durov".into(), Some("12".into())))
    );
    assert_eq!(
        link("https://t.me/c/1234/56"),
        Some(("c/1234".into(), Some("56".into())))
    );
    assert_eq!(
        link("https://t.me/yaremshooter"),
        Some(("yaremshooter".into(), None))
    );
    assert_eq!(link("https://example.com/a/1"), None);
}

#[test]
fn hostile_input_does_not_panic() {
    let deep = "<div>".repeat(5_000) + "x";
    let page = parse_page(&deep);
    assert_eq!(page.kind, PageKind::Unknown);
    for html in [
        "",
        "<",
        "<div class=\"tgme_widget_message\" data-post=\"/\">",
        "\u{0}\u{feff}<a href=\"\">",
    ] {
        let _ = parse_page(html);
    }
}

// ---------------------------------------------------------------------------------------------
// Scenario pages follow the real format: every one must yield posts with ids and times.

#[test]
fn every_scenario_page_yields_posts() {
    let scenarios = wiredesk_test_support::shared_dir().join("scenarios");
    let mut n_pages = 0;
    for scenario in std::fs::read_dir(&scenarios)
        .expect("scenarios exist")
        .flatten()
    {
        let Ok(steps) = std::fs::read_dir(scenario.path()) else {
            continue;
        };
        for step in steps
            .flatten()
            .filter(|step| step.file_name().to_string_lossy().starts_with("step"))
        {
            for file in std::fs::read_dir(step.path())
                .expect("a step folder")
                .flatten()
            {
                let path = file.path();
                if path.extension().is_none_or(|ext| ext != "html") {
                    continue;
                }
                n_pages += 1;
                let html = std::fs::read_to_string(&path).expect("a scenario page");
                let page = parse_page(&html);
                let at = path.display();
                assert_eq!(page.kind, PageKind::Preview, "{at}");
                assert!(!page.posts.is_empty(), "{at}: no posts");
                assert_eq!(page.posts.len(), page.n_wraps, "{at}: {:?}", page.warnings);
                assert!(page.warnings.is_empty(), "{at}: {:?}", page.warnings);
                let channel = page
                    .channel
                    .as_ref()
                    .and_then(|channel| channel.username.clone())
                    .expect("a username");
                for post in &page.posts {
                    assert!(post.id.parse::<u64>().is_ok(), "{at}: id {:?}", post.id);
                    assert_eq!(post.source, channel, "{at}");
                    assert!(
                        post.published_at.timestamp() > 1_600_000_000,
                        "{at}: {}",
                        post.published_at
                    );
                    assert!(
                        !post.text.is_empty() || !post.media.is_empty(),
                        "{at}: empty post {}",
                        post.id
                    );
                    assert!(
                        !post.text.contains("tgme_"),
                        "{at}: markup leaked into {}",
                        post.id
                    );
                    if let Some(reply) = &post.reply_to {
                        assert!(
                            reply.id.is_some() && reply.text.is_some(),
                            "{at}: reply of {}: {reply:?}",
                            post.id
                        );
                        let quote = reply.text.as_deref().unwrap_or_default();
                        assert!(
                            !post.text.contains(quote),
                            "{at}: quote of {} leaked into its body",
                            post.id
                        );
                    }
                }
            }
        }
    }
    assert!(
        n_pages >= 10,
        "expected the scenario pages, found {n_pages}"
    );
}
