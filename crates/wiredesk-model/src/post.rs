//! A post as the desk keeps it: one Telegram message, one feed item, with everything it says about
//! where it came from (forwards, replies, links, quotes, the RSS `<source>` element).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One post from one source, exactly as the source said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// The source's key name: a Telegram channel's canonical username, or a feed's URL.
    pub source: String,
    /// The id within the source: a Telegram post id ("14381"), a feed item's guid or link.
    pub id: String,
    /// Permalink of the post (`https://t.me/<channel>/<id>`, a feed item's link).
    pub url: Option<String>,
    /// When the source says it published the post, in UTC.
    pub published_at: DateTime<Utc>,
    /// True when the source gave no date and `published_at` is the fetch time.
    #[serde(default, skip_serializing_if = "is_false")]
    pub published_at_estimated: bool,
    /// When the feed says the item was last updated, if it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Plain text with line breaks kept; never contains a reply quote.
    pub text: String,
    /// Title (feed items; link-less Telegram posts have none).
    pub title: Option<String>,
    /// Author signature (Telegram) or author / `dc:creator` (feeds).
    pub author: Option<String>,
    pub views: Option<Count>,
    pub edited: bool,
    pub forwarded_from: Option<ForwardedFrom>,
    pub reply_to: Option<ReplyTo>,
    pub links: Vec<Link>,
    pub media: Vec<Media>,
    /// ISO 639-1 code, declared by the source or detected from the text.
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashtags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// Text of each `<blockquote>` in the body; they often carry sourcing ("Source: FT").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blockquotes: Vec<String>,
    /// Inline keyboard buttons under a Telegram post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Link>,
    /// Feed categories / tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// The RSS `<source>` element: the outlet the item came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_source: Option<OriginSource>,
    /// "via @bot" on Telegram posts sent through an inline bot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_bot: Option<String>,
    /// Numeric Telegram channel id from `data-view` (stable across renames).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<i64>,
    /// A Telegram service message ("Channel created", photo changed…).
    #[serde(default, skip_serializing_if = "is_false")]
    pub service: bool,
    /// Feed item guid, whenever the item has one (`id` is the guid too, when there is one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Post {
    /// An empty post of `source`/`id` published at `published_at`; parsers fill in the rest.
    pub fn new(
        source: impl Into<String>,
        id: impl Into<String>,
        published_at: DateTime<Utc>,
    ) -> Post {
        Post {
            source: source.into(),
            id: id.into(),
            url: None,
            published_at,
            published_at_estimated: false,
            updated_at: None,
            text: String::new(),
            title: None,
            author: None,
            views: None,
            edited: false,
            forwarded_from: None,
            reply_to: None,
            links: Vec::new(),
            media: Vec::new(),
            language: None,
            hashtags: Vec::new(),
            mentions: Vec::new(),
            blockquotes: Vec::new(),
            buttons: Vec::new(),
            categories: Vec::new(),
            origin_source: None,
            via_bot: None,
            channel_id: None,
            service: false,
            guid: None,
        }
    }

    /// `channel/id` for Telegram posts, the link (or id) for feed items: how scenarios name posts.
    pub fn reference(&self) -> String {
        if self.source.contains("://") {
            self.url.clone().unwrap_or_else(|| self.id.clone())
        } else {
            format!("{}/{}", self.source, self.id)
        }
    }
}

/// A counter as shown by the source, with its rounding: `3.12K` is 3120 ± 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: u64,
    /// Half the step of the last shown digit (0 when exact).
    pub plus_minus: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForwardedFrom {
    /// Username of the original channel, when the forward links to it.
    pub channel: Option<String>,
    /// Post id in the original channel, when linked.
    pub id: Option<String>,
    /// Display name as shown ("Военкор Ярем"); for hidden authors the only thing known.
    pub name: Option<String>,
    /// Signature of the original author inside the original channel, when shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyTo {
    pub channel: Option<String>,
    pub id: Option<String>,
    /// Name shown on the quoted parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The quoted text of the parent, kept apart from the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    pub text: String,
}

/// The RSS `<source url="…">Name</source>` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginSource {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// A typed hint of what media a post carries. URLs are hints only: Telegram's expire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Media {
    Photo {
        url: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link: Option<String>,
    },
    /// One item of an album; `id` is the post id the item uses up.
    AlbumItem {
        item: Box<Media>,
        id: Option<String>,
    },
    Video {
        url: Option<String>,
        thumbnail: Option<String>,
        duration: Option<String>,
        /// "Media is too big": the preview does not carry the file.
        #[serde(default, skip_serializing_if = "is_false")]
        too_big: bool,
    },
    RoundVideo {
        url: Option<String>,
        thumbnail: Option<String>,
        duration: Option<String>,
    },
    Gif {
        url: Option<String>,
        thumbnail: Option<String>,
    },
    Voice {
        url: Option<String>,
        duration: Option<String>,
    },
    Audio {
        title: Option<String>,
        performer: Option<String>,
        size: Option<String>,
    },
    Document {
        title: Option<String>,
        size: Option<String>,
        url: Option<String>,
    },
    Sticker {
        url: Option<String>,
        animated: bool,
    },
    Poll {
        question: String,
        poll_type: Option<String>,
        options: Vec<PollOption>,
        voters: Option<Count>,
    },
    LinkPreview {
        url: Option<String>,
        site: Option<String>,
        title: Option<String>,
        description: Option<String>,
        image: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        video: Option<String>,
    },
    Location {
        latitude: Option<f64>,
        longitude: Option<f64>,
        address: Option<String>,
    },
    Contact {
        name: Option<String>,
        phone: Option<String>,
    },
    /// A feed enclosure or media:content / media:thumbnail.
    Enclosure {
        url: String,
        mime_type: Option<String>,
        length: Option<u64>,
    },
    Thumbnail {
        url: String,
    },
    /// "Please open Telegram to view this post"; `partial` when part of the post still shows.
    Unsupported {
        partial: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PollOption {
    pub text: String,
    pub percent: Option<u32>,
}

/// Something a parser recovered from, or could not read, without failing the whole input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseWarning {
    /// Where: a post id, a feed item index, an element name.
    pub at: Option<String>,
    pub message: String,
}

impl ParseWarning {
    pub fn new(at: Option<String>, message: impl Into<String>) -> ParseWarning {
        ParseWarning {
            at,
            message: message.into(),
        }
    }
}
