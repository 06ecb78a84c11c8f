//! Media hints of one post: photo, album, video, GIF, round video, voice, document, audio,
//! sticker, poll, link preview, location, contact. Each function reads one block of the bubble.
//!
//! URLs are hints only: video and audio `src` carry an expiring `?token=`.

use std::sync::LazyLock;

use regex::Regex;
use scraper::ElementRef;
use wiredesk_model::{Media, PollOption};

use super::dom::{
    attr, background_url, find, find_all_class, find_class, find_tag, has_class, media_url,
    parse_tme_link, text_of,
};

/// `a.tgme_widget_message_photo_wrap`: the image URL sits only in the inline style.
pub(crate) fn photo(el: ElementRef<'_>) -> Media {
    let url = background_url(el)
        .or_else(|| find_class(el, "tgme_widget_message_photo").and_then(background_url));
    Media::Photo {
        url,
        link: attr(el, "href").map(str::to_string),
    }
}

/// `a.tgme_widget_message_video_player`: a video, or a GIF when there is no play button
/// (RSSHub's rule). "Media is too big" players carry no `<video>`.
pub(crate) fn video(el: ElementRef<'_>) -> Media {
    let url = find_tag(el, "video").and_then(|video| media_url(attr(video, "src")));
    let thumbnail = find(el, &|candidate| {
        has_class(candidate, "tgme_widget_message_video_thumb")
            || has_class(candidate, "link_preview_video_thumb")
    })
    .and_then(background_url);
    let label = text_of(find_class(el, "message_media_not_supported_label")).unwrap_or_default();
    let too_big = label.contains("too big") || (has_class(el, "not_supported") && url.is_none());
    let has_play = find_class(el, "message_video_play").is_some();
    if !has_play && !too_big {
        return Media::Gif { url, thumbnail };
    }
    let duration = text_of(find_class(el, "message_video_duration"));
    Media::Video {
        url,
        thumbnail,
        duration,
        too_big,
    }
}

/// `.tgme_widget_message_roundvideo_player`.
pub(crate) fn round_video(el: ElementRef<'_>) -> Media {
    Media::RoundVideo {
        url: find_tag(el, "video").and_then(|video| media_url(attr(video, "src"))),
        thumbnail: find_class(el, "tgme_widget_message_roundvideo_thumb").and_then(background_url),
        duration: text_of(find_class(el, "tgme_widget_message_roundvideo_duration")),
    }
}

/// `a.tgme_widget_message_voice_player` (or a bare `audio.tgme_widget_message_voice`).
pub(crate) fn voice(el: ElementRef<'_>) -> Media {
    let audio = if el.value().name() == "audio" {
        Some(el)
    } else {
        find_tag(el, "audio")
    };
    Media::Voice {
        url: audio.and_then(|audio| media_url(attr(audio, "src"))),
        duration: text_of(find_class(el, "tgme_widget_message_voice_duration")),
    }
}

/// `a.tgme_widget_message_document_wrap`: a file, or music when it has an `.audio` part.
pub(crate) fn document(el: ElementRef<'_>) -> Media {
    let title = text_of(find_class(el, "tgme_widget_message_document_title"));
    let size = text_of(find_class(el, "tgme_widget_message_document_extra"));
    if has_class(el, "audio") || find_class(el, "audio").is_some() {
        let performer = text_of(find_class(el, "tgme_widget_message_document_performer"));
        return Media::Audio {
            title,
            performer,
            size,
        };
    }
    Media::Document {
        title,
        size,
        url: attr(el, "href").map(str::to_string),
    }
}

/// `div.tgme_widget_message_poll`; the voter count sits in the footer and is filled in later.
pub(crate) fn poll(el: ElementRef<'_>) -> Media {
    let options = find_all_class(el, "tgme_widget_message_poll_option")
        .into_iter()
        .map(|option| PollOption {
            text: text_of(find_class(option, "tgme_widget_message_poll_option_text"))
                .unwrap_or_default(),
            percent: text_of(find_class(
                option,
                "tgme_widget_message_poll_option_percent",
            ))
            .and_then(|percent| percent.trim_end_matches('%').trim().parse().ok()),
        })
        .collect();
    Media::Poll {
        question: text_of(find_class(el, "tgme_widget_message_poll_question")).unwrap_or_default(),
        poll_type: text_of(find_class(el, "tgme_widget_message_poll_type")),
        options,
        voters: None,
    }
}

/// `.tgme_widget_message_sticker_wrap`: a static sticker (`i.tgme_widget_message_sticker`), an
/// animated one (`picture.tgme_widget_message_tgsticker` with a `.tgs` source) or a video sticker.
pub(crate) fn sticker(el: ElementRef<'_>) -> Media {
    if let Some(picture) = find_class(el, "tgme_widget_message_tgsticker") {
        let sources: Vec<ElementRef<'_>> = picture
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|node| node.value().name() == "source")
            .collect();
        let tgs = sources
            .iter()
            .find(|source| attr(**source, "type") == Some("application/x-tgsticker"));
        let url = tgs
            .or_else(|| sources.first())
            .and_then(|source| media_url(attr(*source, "srcset")))
            .or_else(|| find_tag(picture, "img").and_then(|img| media_url(attr(img, "src"))));
        return Media::Sticker {
            url,
            animated: true,
        };
    }
    if let Some(video_sticker) = find_class(el, "tgme_widget_message_videosticker") {
        let url = find_tag(video_sticker, "video")
            .and_then(|video| media_url(attr(video, "src")))
            .or_else(|| media_url(attr(video_sticker, "src")));
        return Media::Sticker {
            url,
            animated: true,
        };
    }
    let image = if has_class(el, "tgme_widget_message_sticker") {
        Some(el)
    } else {
        find_class(el, "tgme_widget_message_sticker")
    };
    let url = image.and_then(|image| {
        media_url(attr(image, "data-webp"))
            .or_else(|| background_url(image))
            .or_else(|| media_url(attr(image, "src")))
    });
    Media::Sticker {
        url,
        animated: false,
    }
}

/// `a.tgme_widget_message_link_preview`: the four fields snscrape reads, plus an image or video.
pub(crate) fn link_preview(el: ElementRef<'_>) -> Media {
    let image = find(el, &|candidate| {
        has_class(candidate, "link_preview_image")
            || has_class(candidate, "link_preview_right_image")
    })
    .and_then(background_url);
    let video = find(el, &|candidate| candidate.value().name() == "video")
        .and_then(|video| media_url(attr(video, "src")));
    let image =
        image.or_else(|| find_class(el, "link_preview_video_thumb").and_then(background_url));
    Media::LinkPreview {
        url: attr(el, "href").map(|href| super::dom::absolute_url(&super::dom::repair_amp(href))),
        site: text_of(find_class(el, "link_preview_site_name")),
        title: text_of(find_class(el, "link_preview_title")),
        description: text_of(find_class(el, "link_preview_description")),
        image,
        video,
    }
}

static COORDINATES: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(-?\d{1,3}\.\d+)\s*(?:,|%2C|%2c)\s*(-?\d{1,3}\.\d+)").ok());

/// `.tgme_widget_message_location_wrap` (a map link) or `.tgme_widget_message_venue…`.
pub(crate) fn location(el: ElementRef<'_>) -> Media {
    let map = find_class(el, "tgme_widget_message_location").or(Some(el));
    let sources = [
        attr(el, "href").map(str::to_string),
        map.and_then(background_url),
    ];
    let (latitude, longitude) = sources
        .iter()
        .flatten()
        .find_map(|source| {
            let captures = COORDINATES.as_ref()?.captures(source)?;
            let latitude: f64 = captures.get(1)?.as_str().parse().ok()?;
            let longitude: f64 = captures.get(2)?.as_str().parse().ok()?;
            ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude))
                .then_some((latitude, longitude))
        })
        .map_or((None, None), |(latitude, longitude)| {
            (Some(latitude), Some(longitude))
        });
    let address = [
        "tgme_widget_message_venue_title",
        "tgme_widget_message_venue_address",
        "tgme_widget_message_location_info",
    ]
    .iter()
    .filter_map(|class| text_of(find_class(el, class)))
    .collect::<Vec<_>>();
    let address = if address.is_empty() {
        text_of(Some(el))
    } else {
        Some(address.join(", "))
    };
    Media::Location {
        latitude,
        longitude,
        address,
    }
}

/// `.tgme_widget_message_contact`: name and phone.
pub(crate) fn contact(el: ElementRef<'_>) -> Media {
    Media::Contact {
        name: text_of(find_class(el, "tgme_widget_message_contact_name")),
        phone: text_of(find_class(el, "tgme_widget_message_contact_phone")),
    }
}

/// `.tgme_widget_message_service_photo` (a service message announcing a new channel photo).
pub(crate) fn service_photo(el: ElementRef<'_>) -> Media {
    let url = find_tag(el, "img")
        .and_then(|img| media_url(attr(img, "src")))
        .or_else(|| background_url(el));
    Media::Photo {
        url,
        link: attr(el, "href").map(str::to_string),
    }
}

/// `.tgme_widget_message_grouped_wrap`: each `a.grouped_media_wrap` is one item whose
/// `href` (`…/93431?single`) names the id it uses up.
pub(crate) fn album(el: ElementRef<'_>) -> Vec<Media> {
    find_all_class(el, "grouped_media_wrap")
        .into_iter()
        .filter_map(|item| {
            let media = if has_class(item, "tgme_widget_message_video_player") {
                video(item)
            } else if has_class(item, "tgme_widget_message_roundvideo_player") {
                round_video(item)
            } else if has_class(item, "tgme_widget_message_document_wrap") {
                document(item)
            } else if has_class(item, "tgme_widget_message_photo_wrap")
                || background_url(item).is_some()
            {
                photo(item)
            } else {
                return None;
            };
            let id = attr(item, "href")
                .and_then(parse_tme_link)
                .and_then(|(_, id)| id);
            Some(Media::AlbumItem {
                item: Box::new(media),
                id,
            })
        })
        .collect()
}
