"""Built-in platform presets: canvas size, safe zone, caption and alt-text limits, file limit.

A campaign gets these without writing them; its `sizes:` may override any field of a
preset or add sizes of its own. The six `STANDARD` sizes are rendered when the spec leaves
`campaign.sizes` out; the others only when the spec names them (in `campaign.sizes`, a
partner's `sizes` or `sizes:`), so adding a preset never changes an existing campaign.

Each value is cited beside it. "Checked" marks a value read in the platform's own
documentation (or its published source) in December 2026; "unchecked" a value whose
platform page could not be read from here: packpack's figure, on the safe side, until
someone checks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from packpack.spec.model import SafeZone, Size

MB = 1_000_000


@dataclass(frozen=True)
class Platform:
    """What a platform accepts in a post: caption length and how it is counted, alt text,
    links, hashtags and the image file's size."""

    name: str
    caption_limit: int
    caption_count: str = "chars"  # chars | x-weighted | graphemes | utf8-emoji
    alt_limit: int | None = None
    max_bytes: int = 5 * MB
    max_links: int | None = None
    max_hashtags: int | None = None


PLATFORMS: dict[str, Platform] = {
    "instagram": Platform(
        "Instagram",
        # unchecked: caption 2,200 characters, alt text 1,000, 8 MB (Instagram Graph API,
        # content publishing, developers.facebook.com/docs/instagram-platform; the same
        # figures in schedulers' references); 5 hashtags: packpack's earlier figure
        2200, alt_limit=1000, max_bytes=8 * MB, max_hashtags=5),
    "facebook": Platform(
        "Facebook",
        # unchecked: 63,206 characters (Facebook's composer; schedulers' references agree),
        # photos 8 MB (Graph API photo upload)
        63206, max_bytes=8 * MB),
    "x": Platform(
        "X",
        # 280 weighted characters, links 23, emoji 2: twitter-text configuration v3
        # (checked against its port, twitter-text-parser, in the tests); images 5 MB:
        # checked, docs.x.com/x-api/media ("Image: 5 MB"); alt text 1,000: unchecked
        280, caption_count="x-weighted", alt_limit=1000, max_bytes=5 * MB),
    "linkedin": Platform(
        "LinkedIn",
        # unchecked: commentary 3,000 characters (LinkedIn Posts API; schedulers'
        # references agree); 5 MB: packpack's conservative figure
        3000, max_bytes=5 * MB),
    "threads": Platform(
        "Threads",
        # checked: "Text posts are limited to 500 characters. Emojis are counted as the
        # number of UTF-8 bytes" (developers.facebook.com/documentation/threads/posts);
        # more than 5 links fail, THREADS_API__LINK_LIMIT_EXCEEDED (.../threads/create-posts/
        # text-attachments); images 8 MB: unchecked (the Threads API's media specifications)
        500, caption_count="utf8-emoji", max_bytes=8 * MB, max_links=5),
    "bluesky": Platform(
        "Bluesky",
        # checked: text maxGraphemes 300 (lexicon app.bsky.feed.post, github.com/
        # bluesky-social/atproto, lexicons/app/bsky/feed/post.json); image 1,000,000 bytes
        # (lexicon app.bsky.embed.images, image maxSize); alt text 2,000: the app's
        # MAX_ALT_TEXT (github.com/bluesky-social/social-app, src/lib/constants.ts)
        300, caption_count="graphemes", alt_limit=2000, max_bytes=1 * MB),
    "tiktok": Platform(
        "TikTok",
        # unchecked: a photo post's description 4,000 characters, a video's caption 2,200
        # (TikTok Content Posting API, developers.tiktok.com/doc/content-posting-api-
        # reference-photo-post; schedulers' references agree): 2,200, safe for both;
        # images 20 MB. (TikTok's API takes JPEG and WebP; the app takes PNG too)
        2200, max_bytes=20 * MB),
    "whatsapp": Platform(
        "WhatsApp",
        # unchecked: WhatsApp publishes no caption limit for status or Channels; 1,024 is
        # the WhatsApp Business Platform's media caption limit and 5 MB its image limit
        # (Cloud API, messages reference), taken as the safe figures
        1024, max_bytes=5 * MB),
    "nextdoor": Platform(
        "Nextdoor",
        # unchecked: Nextdoor's own help pages (help.nextdoor.com, public agency posts) were
        # not reachable from here; 1,024 characters and 5 MB are packpack's conservative
        # figures, so that a post that passes fits
        1024, max_bytes=5 * MB),
}


STANDARD: dict[str, Size] = {  # rendered when a spec leaves campaign.sizes out
    "instagram-square": Size(width=1080, height=1080,
                             label="Instagram, Threads and Bluesky square",
                             platforms=["instagram", "threads", "bluesky"]),
    "instagram-portrait": Size(width=1080, height=1350, label="Instagram portrait feed post",
                               platforms=["instagram"]),
    "story": Size(width=1080, height=1920, label="Stories and reels (Instagram, Facebook)",
                  platforms=["instagram", "facebook"], safe=SafeZone(top=250, bottom=340)),
    "facebook": Size(width=1200, height=630, label="Facebook link and feed post",
                     platforms=["facebook"]),
    "x": Size(width=1600, height=900, label="X (Twitter) in-stream image", platforms=["x"]),
    "linkedin": Size(width=1200, height=627, label="LinkedIn shared image",
                     platforms=["linkedin"]),
}

ON_REQUEST: dict[str, Size] = {  # rendered only when the spec names them
    # 9:16, 1080 x 1920, TikTok's full-screen size; the interface covers the top (tabs,
    # search), the right (like, comment, share) and the bottom (caption, sound). Unchecked
    # against TikTok's own safe-zone files (not reachable from here): the margins that
    # creators' references give for 1080 x 1920 (top 250, right 170, bottom 420), with 60
    # at the left so text never touches the edge
    "tiktok": Size(width=1080, height=1920, label="TikTok photo post (9:16)",
                   platforms=["tiktok"], safe=SafeZone(top=250, right=170, bottom=420,
                                                       left=60)),
    # 4:5, 1080 x 1350: the tallest feed image Facebook shows uncropped (unchecked: Meta's
    # feed recommendations, as Instagram's portrait post above)
    "facebook-portrait": Size(width=1080, height=1350, label="Facebook portrait feed post (4:5)",
                              platforms=["facebook"]),
    # WhatsApp status (full screen, 9:16) and Channels updates: the status bar and reply
    # box cover the top and bottom, as in Instagram stories
    "whatsapp-status": Size(width=1080, height=1920, label="WhatsApp status (9:16)",
                            platforms=["whatsapp"], safe=SafeZone(top=250, bottom=340)),
    "whatsapp-channel": Size(width=1080, height=1080, label="WhatsApp Channels update (square)",
                             platforms=["whatsapp"]),
    "nextdoor": Size(width=1200, height=900, label="Nextdoor post (4:3)",
                     platforms=["nextdoor"]),
    # Threads shows 4:5 portrait images in full (unchecked: the Threads API's media
    # specifications, 320 to 1440 px wide, aspect ratio within 10:1)
    "threads": Size(width=1080, height=1350, label="Threads portrait post (4:5)",
                    platforms=["threads"]),
    # Bluesky resizes images to at most 2,000 px a side (the app's constants); 4:5 fills
    # the feed
    "bluesky": Size(width=1080, height=1350, label="Bluesky portrait post (4:5)",
                    platforms=["bluesky"]),
    # LinkedIn shows square images in full in the feed (unchecked: 1:1, 1200 x 1200, as
    # LinkedIn's image specifications for posts are commonly given)
    "linkedin-square": Size(width=1200, height=1200, label="LinkedIn square post",
                            platforms=["linkedin"]),
}

PRESETS: dict[str, Size] = {**STANDARD, **ON_REQUEST}  # what a spec's `sizes:` may override
