//! Small `t.me/s/<channel>` pages in the real markup, with the ids, texts and times a test
//! needs: for compliance, backfill and crash tests.

use chrono::{Duration, TimeZone, Utc};

/// One post of a synthetic preview page; `minutes` after 2026-07-01 08:00 UTC.
pub struct PagePost<'a> {
    pub id: i64,
    pub text: &'a str,
    pub minutes: i64,
}

/// A `t.me/s/<channel>` page in the current markup holding `posts`, with a `?before=` link to
/// older posts when `has_older`.
pub fn preview_page(channel: &str, posts: &[PagePost<'_>], has_older: bool) -> String {
    let base = Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap();
    let oldest = posts.iter().map(|post| post.id).min().unwrap_or(1);
    let more = if has_older {
        format!(
            r#"<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/{channel}?before={oldest}" class="tme_messages_more js-messages_more" data-before="{oldest}"></a></div>"#
        )
    } else {
        String::new()
    };
    let mut wraps = String::new();
    for post in posts {
        let time = (base + Duration::minutes(post.minutes)).format("%Y-%m-%dT%H:%M:%S+00:00");
        wraps.push_str(&format!(
            r#"<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{channel}/{id}"><div class="tgme_widget_message_bubble"><div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div><div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info"><span class="tgme_widget_message_views">1.2K</span><span class="copyonly"> views</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/{channel}/{id}"><time datetime="{time}" class="time">08:00</time></a></span></div></div></div></div></div>"#,
            id = post.id,
            text = post.text,
        ));
    }
    format!(
        r#"<!DOCTYPE html><html><head><title>{channel} – Telegram</title><meta property="al:ios:url" content="tg://resolve?domain={channel}"></head><body class="widget_frame_base tgme_webpreview"><header class="tgme_header"><div class="tgme_channel_info"><div class="tgme_channel_info_header"><div class="tgme_channel_info_header_title"><span dir="auto">{channel}</span></div></div><div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">1.5K</span> <span class="counter_type">subscribers</span></div></div></div></header><main class="tgme_main"><section class="tgme_channel_history js-message_history">{more}{wraps}</section></main></body></html>"#
    )
}
