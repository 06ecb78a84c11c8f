//! The channel header of a preview page (`div.tgme_channel_info`, `<head>` metadata) and the
//! `t.me/<name>` landing page (`div.tgme_page`).

use scraper::ElementRef;
use wiredesk_model::{ChannelInfo, Count, LandingKind};

use super::Landing;
use super::dom::{
    attr, find, find_all_class, find_class, has_class, media_url, plain_text, text_of,
};
use super::values::parse_count;

/// What `<head>` says about the page.
#[derive(Debug, Default)]
pub(crate) struct HeadMeta {
    pub og_title: Option<String>,
    pub og_description: Option<String>,
    pub og_image: Option<String>,
    /// Username from `al:ios:url` (`tg://resolve?domain=durov`), canonical case.
    pub ios_username: Option<String>,
    pub link_prev: Option<String>,
    pub link_next: Option<String>,
}

impl HeadMeta {
    pub(crate) fn read_meta(&mut self, el: ElementRef<'_>) {
        let key = attr(el, "property")
            .or_else(|| attr(el, "name"))
            .unwrap_or_default();
        let content = attr(el, "content")
            .map(str::trim)
            .filter(|content| !content.is_empty());
        let Some(content) = content else { return };
        match key {
            "og:title" => self.og_title = Some(content.to_string()),
            "og:description" => self.og_description = Some(content.replace("\r\n", "\n")),
            "og:image" => self.og_image = media_url(Some(content)),
            "al:ios:url" | "al:android:url" if self.ios_username.is_none() => {
                self.ios_username = resolve_domain(content);
            }
            _ => {}
        }
    }

    pub(crate) fn read_link(&mut self, el: ElementRef<'_>) {
        let href = attr(el, "href").map(str::to_string);
        match attr(el, "rel").unwrap_or_default() {
            "prev" => self.link_prev = href,
            "next" => self.link_next = href,
            _ => {}
        }
    }
}

/// `tg://resolve?domain=durov&…` → `durov`.
pub(crate) fn resolve_domain(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("domain="))
        .map(str::to_string)
        .filter(|name| super::dom::is_username(name))
}

/// `div.tgme_channel_info` plus the head metadata. `first_post_channel` is the channel part of the
/// first `data-post`: the only canonical-case spelling of the username.
pub(crate) fn channel_info(
    info: Option<ElementRef<'_>>,
    header: Option<ElementRef<'_>>,
    head: &HeadMeta,
    first_post_channel: Option<&str>,
) -> ChannelInfo {
    let mut channel = ChannelInfo::default();
    let info_username = info
        .and_then(|info| text_of(find_class(info, "tgme_channel_info_header_username")))
        .map(|name| name.trim_start_matches('@').to_string())
        .filter(|name| super::dom::is_username(name));
    channel.username = first_post_channel
        .map(str::to_string)
        .or_else(|| head.ios_username.clone())
        .or(info_username);
    channel.title = info
        .and_then(|info| text_of(find_class(info, "tgme_channel_info_header_title")))
        .or_else(|| header.and_then(|header| text_of(find_class(header, "tgme_header_title"))))
        .or_else(|| head.og_title.clone());
    channel.description = info
        .and_then(|info| text_of(find_class(info, "tgme_channel_info_description")))
        .or_else(|| head.og_description.clone());
    channel.verified = [info, header].into_iter().flatten().any(|block| {
        find(block, &|el| {
            has_class(el, "verified-icon")
                && el
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .take(3)
                    .any(|ancestor| {
                        has_class(ancestor, "tgme_channel_info_header_labels")
                            || has_class(ancestor, "tgme_channel_info_header_title")
                            || has_class(ancestor, "tgme_header_labels")
                            || has_class(ancestor, "tgme_header_title")
                    })
        })
        .is_some()
    });
    channel.avatar = info
        .and_then(|info| find_class(info, "tgme_page_photo_image"))
        .and_then(|photo| super::dom::find_tag(photo, "img"))
        .and_then(|img| media_url(attr(img, "src")))
        .or_else(|| head.og_image.clone());
    if let Some(info) = info {
        for counter in find_all_class(info, "tgme_channel_info_counter") {
            let value =
                text_of(find_class(counter, "counter_value")).and_then(|value| parse_count(&value));
            let label = text_of(find_class(counter, "counter_type")).unwrap_or_default();
            let Some(value) = value else { continue };
            if is_audience_label(&label) {
                channel.subscribers = Some(value);
            } else {
                channel.counters.push((label, value));
            }
        }
    }
    if channel.subscribers.is_none() {
        channel.subscribers = header
            .and_then(|header| text_of(find_class(header, "tgme_header_counter")))
            .filter(|counter| is_audience_label(counter))
            .and_then(|counter| parse_count(&counter));
    }
    channel
}

/// "subscribers", "subscriber", "members", "member" (old pages).
fn is_audience_label(label: &str) -> bool {
    let label = label.to_lowercase();
    label.contains("subscriber") || label.contains("member")
}

/// The `t.me/<name>` landing page: channel, group, user, bot, or the generic "Contact @name"
/// page of a free name (no `.tgme_page_title`; it still answers 200).
pub(crate) fn landing(page: ElementRef<'_>, head: &HeadMeta) -> (Landing, Option<ChannelInfo>) {
    let title_el = find_class(page, "tgme_page_title");
    let extras: Vec<String> = find_all_class(page, "tgme_page_extra")
        .into_iter()
        .map(plain_text)
        .filter(|text| !text.is_empty())
        .collect();
    let handle = extras
        .iter()
        .find(|extra| extra.starts_with('@'))
        .map(|extra| extra.trim_start_matches('@').to_string());
    let context_href =
        find_class(page, "tgme_page_context_link").and_then(|link| attr(link, "href"));
    let username_link = find_class(page, "tgme_username_link")
        .map(plain_text)
        .map(|name| name.trim_start_matches('@').to_string());
    let username = handle
        .or_else(|| head.ios_username.clone())
        .or_else(|| {
            context_href
                .and_then(super::dom::parse_tme_link)
                .map(|(name, _)| name)
        })
        .or(username_link)
        .filter(|name| super::dom::is_username(name));
    let action = text_of(find_class(page, "tgme_action_button_new"))
        .unwrap_or_default()
        .to_lowercase();
    let extra = {
        let counts: Vec<&str> = extras
            .iter()
            .filter(|extra| !extra.starts_with('@'))
            .map(String::as_str)
            .collect();
        (!counts.is_empty()).then(|| counts.join("; "))
    };
    let extra_lower = extra.as_deref().unwrap_or_default().to_lowercase();
    let has_handle = extras.iter().any(|extra| extra.starts_with('@'));

    let kind = if title_el.is_none() {
        LandingKind::NotFound
    } else if extra_lower.contains("subscriber")
        || context_href.is_some_and(|href| href.contains("/s/"))
    {
        LandingKind::Channel
    } else if extra_lower.contains("member") {
        LandingKind::Group
    } else if action.contains("start bot") || extra_lower.contains("monthly user") {
        LandingKind::Bot
    } else if has_handle {
        LandingKind::User
    } else {
        LandingKind::Unknown
    };
    let subscribers: Option<Count> = match kind {
        LandingKind::Channel | LandingKind::Group => extra.as_deref().and_then(parse_count),
        _ => None,
    };
    let title = text_of(title_el);
    let landing = Landing {
        kind,
        username: username.clone(),
        title: title.clone(),
        extra,
        subscribers,
    };
    if kind == LandingKind::NotFound {
        return (landing, None);
    }
    let channel = ChannelInfo {
        username,
        title: title.or_else(|| head.og_title.clone()),
        description: text_of(find_class(page, "tgme_page_description")),
        subscribers,
        verified: title_el.is_some_and(|title| find_class(title, "verified-icon").is_some()),
        avatar: find_class(page, "tgme_page_photo_image")
            .and_then(|img| {
                if img.value().name() == "img" {
                    Some(img)
                } else {
                    super::dom::find_tag(img, "img")
                }
            })
            .and_then(|img| media_url(attr(img, "src"))),
        counters: Vec::new(),
    };
    (landing, Some(channel))
}
