//! One message (`div.tgme_widget_message`) into a [`Post`].
//!
//! The message subtree is walked once, top-down, and each known block is handed to its reader
//! without descending further: the reply quote (which reuses `tgme_widget_message_text`, Trap 1),
//! the forward header, link previews (whose video is not the post's), media players, the body
//! text (outermost `js-message_text` only, so album captions wrapped twice count once) and the
//! footer. A `media_not_supported_cont` copy is read only when the post has no
//! `media_supported_cont`, so nothing is counted twice.

use chrono::{DateTime, Utc};
use scraper::ElementRef;
use scraper::node::Node;
use wiredesk_model::{Count, ForwardedFrom, Link, Media, ParseWarning, Post, ReplyTo};

use super::dom::{
    ClassTokens, MAX_DEPTH, Rendered, attr, child_elements, find_all_class, find_class, has_class,
    parse_tme_link, plain_text, render, text_of,
};
use super::media;
use super::values::{decode_data_view, parse_count, parse_datetime_attr, parse_visible_time};

/// Everything the walk found in one message.
#[derive(Default)]
struct Found<'a> {
    bodies: Vec<Rendered>,
    media: Vec<Media>,
    reply_to: Option<ReplyTo>,
    forwarded_from: Option<ForwardedFrom>,
    via_bot: Option<String>,
    views: Option<Count>,
    voters: Option<Count>,
    author: Option<String>,
    edited: bool,
    date_href: Option<String>,
    datetime: Option<String>,
    time_text: Option<String>,
    fallback_datetime: Option<String>,
    anchor_href: Option<String>,
    anchor_text: Option<String>,
    buttons: Vec<Link>,
    not_supported_conts: Vec<ElementRef<'a>>,
    has_supported_cont: bool,
    not_supported: bool,
}

/// A message's id as the page states it, before any fallback.
pub(crate) fn data_post(msg: ElementRef<'_>) -> Option<(String, String)> {
    let value = attr(msg, "data-post")?.trim();
    let (channel, id) = value.rsplit_once('/')?;
    let channel = channel
        .trim_start_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(channel);
    let valid_id = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    (valid_id && super::dom::is_username(channel)).then(|| (channel.to_string(), id.to_string()))
}

/// Reads one message. `None` (with a warning) when it has no identity or no time.
pub(crate) fn parse_message(msg: ElementRef<'_>, warnings: &mut Vec<ParseWarning>) -> Option<Post> {
    let mut found = Found::default();
    walk(msg, &mut found, 0);
    if !found.has_supported_cont {
        // Without a supported copy, the "please open Telegram" copy is all there is.
        let conts = std::mem::take(&mut found.not_supported_conts);
        found.not_supported |= !conts.is_empty();
        for cont in conts {
            walk(cont, &mut found, 1);
        }
    }

    let identity = data_post(msg).or_else(|| {
        [
            found.date_href.as_deref(),
            found.anchor_href.as_deref(),
            found.anchor_text.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find_map(|href| match parse_tme_link(href) {
            Some((channel, Some(id))) => Some((channel, id)),
            _ => None,
        })
    });
    let Some((channel, id)) = identity else {
        warnings.push(ParseWarning::new(
            None,
            "message without data-post or permalink, skipped",
        ));
        return None;
    };
    let at = Some(format!("{channel}/{id}"));
    if attr(msg, "data-post").is_none() {
        warnings.push(ParseWarning::new(
            at.clone(),
            "message without data-post; id taken from its permalink",
        ));
    } else if data_post(msg).is_none() {
        warnings.push(ParseWarning::new(
            at.clone(),
            "unreadable data-post; id taken from its permalink",
        ));
    }

    let published_at = published_at(&found, at.as_deref(), warnings)?;
    let mut post = Post::new(channel.clone(), id.clone(), published_at);
    post.url = Some(format!("https://t.me/{channel}/{id}"));
    post.service = has_class(msg, "service_message");
    post.channel_id = attr(msg, "data-view")
        .and_then(decode_data_view)
        .and_then(|view| view.channel_id());

    let mut texts: Vec<String> = Vec::new();
    for body in found.bodies {
        if body.text.is_empty() || texts.contains(&body.text) {
            continue;
        }
        texts.push(body.text);
        post.links.extend(body.links);
        for hashtag in body.hashtags {
            if !post.hashtags.contains(&hashtag) {
                post.hashtags.push(hashtag);
            }
        }
        for mention in body.mentions {
            if !post.mentions.contains(&mention) {
                post.mentions.push(mention);
            }
        }
        post.blockquotes.extend(body.blockquotes);
    }
    post.text = texts.join("\n\n");
    post.language = language_of(&post.text);

    let mut media = found.media;
    if let Some(voters) = found.voters {
        for item in &mut media {
            if let Media::Poll {
                voters: poll_voters,
                ..
            } = item
            {
                *poll_voters = Some(voters);
            }
        }
    }
    // Every media post carries a `media_not_supported_cont` fallback copy. Beside media the
    // preview shows, it is only that; beside none (a post whose media only the app can show,
    // next to its text), the post is partly unsupported.
    if found.not_supported || (!found.not_supported_conts.is_empty() && media.is_empty()) {
        let partial = found.has_supported_cont || !post.text.is_empty() || !media.is_empty();
        media.push(Media::Unsupported { partial });
    }
    post.media = media;
    post.views = found.views;
    post.author = found.author;
    post.edited = found.edited;
    post.forwarded_from = found.forwarded_from;
    post.reply_to = found.reply_to;
    post.via_bot = found.via_bot;
    post.buttons = found.buttons;
    Some(post)
}

/// Characters of a post's words handed to language detection: detection cost grows with the
/// text, and its answer settles long before this (it was half the parse time on full posts).
const LANGUAGE_SAMPLE_CHARS: usize = 160;

/// Language of the words of a post; bare URLs, hashtags and mentions say nothing about it.
fn language_of(text: &str) -> Option<String> {
    let mut sample = String::new();
    let mut n_chars = 0;
    let words = text.split_whitespace().filter(|word| {
        !(word.contains("://")
            || word.starts_with("www.")
            || word.starts_with('#')
            || word.starts_with('@'))
    });
    for word in words {
        if n_chars >= LANGUAGE_SAMPLE_CHARS {
            break;
        }
        if !sample.is_empty() {
            sample.push(' ');
        }
        sample.push_str(word);
        n_chars += word.chars().count() + 1;
    }
    if sample.is_empty() {
        return None;
    }
    crate::lang::detect_language(&sample)
}

/// Media blocks of a page that has no message element (a fragment holding only media).
pub(crate) fn loose_media(root: ElementRef<'_>) -> Vec<Media> {
    let mut found = Found::default();
    walk(root, &mut found, 0);
    found.media
}

fn published_at(
    found: &Found<'_>,
    at: Option<&str>,
    warnings: &mut Vec<ParseWarning>,
) -> Option<DateTime<Utc>> {
    let at = at.map(str::to_string);
    for value in [
        found.datetime.as_deref(),
        found.fallback_datetime.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(parsed) = parse_datetime_attr(value) {
            return Some(parsed);
        }
        warnings.push(ParseWarning::new(
            at.clone(),
            format!("unreadable datetime attribute {value:?}"),
        ));
    }
    if let Some(parsed) = found.time_text.as_deref().and_then(parse_visible_time) {
        warnings.push(ParseWarning::new(
            at,
            "no datetime attribute; visible time text read as UTC",
        ));
        return Some(parsed);
    }
    warnings.push(ParseWarning::new(
        at,
        "message without a publication time, skipped",
    ));
    None
}

fn walk<'a>(el: ElementRef<'a>, found: &mut Found<'a>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in child_elements(el) {
        let Some(classes) = attr(child, "class") else {
            visit_unclassed(child, found, depth);
            continue;
        };
        let tokens = ClassTokens::new(classes);
        let is = |class: &str| tokens.contains(class);
        if is("media_supported_cont") {
            found.has_supported_cont = true;
        }
        if is("tgme_widget_message_reply") {
            merge_reply(found, reply(child));
        } else if is("js-message_reply_text") {
            // A link inside the quote nests an `<a>` in the reply `<a>`; HTML parsers (browsers
            // too) then close the reply early and leave its text as a sibling of it.
            let text = text_of(Some(child));
            merge_reply(
                found,
                ReplyTo {
                    channel: None,
                    id: None,
                    author: None,
                    text,
                },
            );
        } else if is("tgme_widget_message_forwarded_from") {
            forward(child, found);
        } else if is("tgme_widget_message_link_preview") {
            found.media.push(media::link_preview(child));
        } else if is("link_preview_description")
            || is("link_preview_title")
            || is("link_preview_site_name")
        {
            // Split off its preview by a nested `<a>`, like the reply quote above.
            if let Some(Media::LinkPreview {
                site,
                title,
                description,
                ..
            }) = found.media.last_mut()
            {
                let field = if is("link_preview_description") {
                    description
                } else if is("link_preview_title") {
                    title
                } else {
                    site
                };
                if field.is_none() {
                    *field = text_of(Some(child));
                }
            }
        } else if is("media_not_supported_cont") {
            found.not_supported_conts.push(child);
        } else if is("tgme_widget_message_text") || is("js-message_text") {
            found.bodies.push(render(child));
        } else if is("tgme_widget_message_grouped_wrap") {
            found.media.extend(media::album(child));
        } else if is("tgme_widget_message_photo_wrap") {
            found.media.push(media::photo(child));
        } else if is("tgme_widget_message_video_player") {
            found.media.push(media::video(child));
        } else if is("tgme_widget_message_roundvideo_player") {
            found.media.push(media::round_video(child));
        } else if is("tgme_widget_message_voice_player") || is("tgme_widget_message_voice") {
            found.media.push(media::voice(child));
        } else if is("tgme_widget_message_document_wrap") {
            found.media.push(media::document(child));
        } else if is("tgme_widget_message_poll") {
            found.media.push(media::poll(child));
        } else if is("tgme_widget_message_sticker_wrap") || is("tgme_widget_message_sticker") {
            found.media.push(media::sticker(child));
        } else if is("tgme_widget_message_location_wrap") || is("tgme_widget_message_location") {
            found.media.push(media::location(child));
        } else if is("tgme_widget_message_contact") || is("tgme_widget_message_contact_wrap") {
            found.media.push(media::contact(child));
        } else if is("tgme_widget_message_service_photo") {
            found.media.push(media::service_photo(child));
        } else if is("message_media_not_supported_wrap") || is("message_media_not_supported") {
            found.not_supported = true;
        } else if is("tgme_widget_message_inline_keyboard") {
            found.buttons.extend(buttons(child));
        } else if is("tgme_widget_message_views") {
            found.views = parse_count(&plain_text(child));
        } else if is("tgme_widget_message_voters") {
            found.voters = parse_count(&plain_text(child));
        } else if is("tgme_widget_message_from_author") {
            found.author = text_of(Some(child));
        } else if is("tgme_widget_message_via_bot") {
            found.via_bot = via_bot(child);
        } else if is("tgme_widget_message_date") {
            date(child, found);
        } else if is("link_anchor") {
            found.anchor_href = attr(child, "href").map(str::to_string);
        } else if is("tgme_widget_message_reactions")
            || is("tgme_widget_message_user")
            || is("tgme_widget_message_bubble_tail")
            || is("tgme_widget_message_service_date_wrap")
        {
            // Decoration, reactions, avatars and day separators say nothing about the post.
        } else {
            if is("tgme_widget_message_meta") {
                found.edited |= meta_says_edited(child);
            }
            if is("tgme_widget_message_link") {
                found.anchor_text = text_of(Some(child)).map(|text| {
                    if text.contains("://") {
                        text
                    } else {
                        format!("https://{text}")
                    }
                });
            }
            if child.value().name() == "time" {
                time_fallback(child, found);
            }
            walk(child, found, depth + 1);
        }
    }
}

/// Elements without a class: `time` fallbacks, otherwise just descend.
fn visit_unclassed<'a>(el: ElementRef<'a>, found: &mut Found<'a>, depth: usize) {
    match el.value().name() {
        "time" => time_fallback(el, found),
        "script" | "style" | "svg" => {}
        _ => walk(el, found, depth + 1),
    }
}

/// A `time` outside the date link (not a media duration): used only when the link has none.
fn time_fallback(el: ElementRef<'_>, found: &mut Found<'_>) {
    let is_duration = attr(el, "class").is_some_and(|classes| classes.contains("duration"));
    if is_duration {
        return;
    }
    if found.fallback_datetime.is_none() {
        found.fallback_datetime = attr(el, "datetime").map(str::to_string);
    }
    if found.time_text.is_none() {
        found.time_text = text_of(Some(el));
    }
}

/// `a.tgme_widget_message_date`: the permalink and `time[datetime]` (never the visible text,
/// which browsers rewrite to the viewer's zone, unless nothing else is there).
fn date(el: ElementRef<'_>, found: &mut Found<'_>) {
    if found.date_href.is_none() {
        found.date_href = attr(el, "href").map(str::to_string);
    }
    let time = if el.value().name() == "time" {
        Some(el)
    } else {
        super::dom::find_tag(el, "time")
    };
    if let Some(time) = time {
        if found.datetime.is_none() {
            found.datetime = attr(time, "datetime").map(str::to_string);
        }
        found.time_text = text_of(Some(time));
    } else if found.time_text.is_none() {
        found.time_text = text_of(Some(el));
    }
}

/// "edited &nbsp;" is a bare text node of the meta span (`",&nbsp;edited &nbsp;"` after a
/// signature), never inside the signature span itself.
fn meta_says_edited(meta: ElementRef<'_>) -> bool {
    meta.children().any(|child| match child.value() {
        Node::Text(text) => text.to_lowercase().contains("edited"),
        _ => false,
    })
}

/// Fills what `found` does not know yet about the reply (the quote may come in pieces).
fn merge_reply(found: &mut Found<'_>, piece: ReplyTo) {
    let reply = found.reply_to.get_or_insert(ReplyTo {
        channel: None,
        id: None,
        author: None,
        text: None,
    });
    reply.channel = reply.channel.take().or(piece.channel);
    reply.id = reply.id.take().or(piece.id);
    reply.author = reply.author.take().or(piece.author);
    reply.text = reply.text.take().or(piece.text);
}

/// The quoted parent: its link gives channel and id; its text never goes into the body.
fn reply(el: ElementRef<'_>) -> ReplyTo {
    let (channel, id) = attr(el, "href")
        .and_then(parse_tme_link)
        .map_or((None, None), |(channel, id)| (Some(channel), id));
    let author = text_of(find_class(el, "tgme_widget_message_author_name"))
        .or_else(|| text_of(find_class(el, "tgme_widget_message_author")));
    let text = text_of(find_class(el, "tgme_widget_message_text"))
        .or_else(|| text_of(find_class(el, "tgme_widget_message_metatext")));
    ReplyTo {
        channel,
        id,
        author,
        text,
    }
}

/// "Forwarded from <a href=…/channel/id>Name</a>", or a `span` with no link for hidden authors.
fn forward(el: ElementRef<'_>, found: &mut Found<'_>) {
    let name_el = find_class(el, "tgme_widget_message_forwarded_from_name");
    let (channel, id) = name_el
        .and_then(|name_el| attr(name_el, "href"))
        .and_then(parse_tme_link)
        .map_or((None, None), |(channel, id)| (Some(channel), id));
    let name = text_of(name_el).or_else(|| {
        let text = plain_text(el);
        let name = text.trim_start_matches("Forwarded from").trim();
        (!name.is_empty()).then(|| name.to_string())
    });
    let author = text_of(find_class(el, "tgme_widget_message_forwarded_from_author"))
        .map(|author| author.trim_start_matches(',').trim().to_string())
        .filter(|author| !author.is_empty());
    if let Some(bot) = find_class(el, "tgme_widget_message_via_bot") {
        found.via_bot = via_bot(bot);
    }
    found.forwarded_from = Some(ForwardedFrom {
        channel,
        id,
        name,
        author,
    });
}

/// "via @bot": the bot's `@name`.
fn via_bot(el: ElementRef<'_>) -> Option<String> {
    let text = plain_text(el);
    let text = text.trim().trim_start_matches("via").trim();
    if !text.is_empty() {
        return Some(text.to_string());
    }
    attr(el, "href")
        .and_then(parse_tme_link)
        .map(|(name, _)| format!("@{name}"))
}

/// Inline keyboard buttons: `a.tgme_widget_message_inline_button[href]`.
fn buttons(el: ElementRef<'_>) -> Vec<Link> {
    let mut anchors = find_all_class(el, "tgme_widget_message_inline_button");
    if anchors.is_empty() {
        anchors = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|node| node.value().name() == "a")
            .collect();
    }
    anchors
        .into_iter()
        .filter_map(|anchor| {
            let url = super::dom::absolute_url(&super::dom::repair_amp(attr(anchor, "href")?));
            let text = text_of(find_class(anchor, "tgme_widget_message_inline_button_text"))
                .unwrap_or_else(|| plain_text(anchor));
            Some(Link { url, text })
        })
        .collect()
}
