//! Generated answers shaped like the app API's: a hashtag's stats answer and its videos
//! pages, with every url signed as the CDN signs them.

/// One generated hashtag: its id, its creators (who post several of its videos), the
/// sounds its videos use, and the pool of videos that rise to its first page day by day.
pub struct Tag {
    pub name: String,
    id: String,
    items: usize,
    seed: u64,
}

/// A creator, as every item of theirs repeats them.
struct Author {
    uid: String,
    unique_id: String,
    nickname: String,
    sec_uid: String,
    signature: String,
    avatar_key: String,
    followers: u64,
}

const WORDS: &[&str] = &[
    "the",
    "best",
    "day",
    "ever",
    "wait",
    "for",
    "it",
    "how",
    "to",
    "make",
    "this",
    "in",
    "5",
    "minutes",
    "pov",
    "you",
    "finally",
    "tried",
    "viral",
    "recipe",
    "my",
    "new",
    "favourite",
    "trick",
    "nobody",
    "talks",
    "about",
    "part",
    "2",
    "storytime",
    "why",
    "did",
    "I",
    "do",
    "that",
    "😂",
    "🔥",
    "✨",
    "❤️",
    "no",
    "way",
    "so",
    "good",
    "watch",
    "till",
    "end",
    "life",
    "hack",
    "morning",
    "routine",
    "honest",
    "review",
    "tutorial",
    "easy",
    "quick",
    "aesthetic",
];
const TAGS: &[&str] = &[
    "fyp",
    "foryou",
    "foryoupage",
    "viral",
    "trending",
    "tiktok",
    "explore",
    "funny",
    "xyzbca",
    "duet",
    "learnontiktok",
    "comedy",
    "food",
    "travel",
    "fitness",
    "diy",
    "beauty",
    "music",
];
const REGIONS: &[&str] = &["US", "GB", "DE", "FR", "BR", "ID", "PH", "MX", "CA", "AU"];
const IMAGE_HOSTS: &[&str] = &[
    "p16-sign-va.tiktokcdn.com",
    "p19-sign.tiktokcdn-us.com",
    "p77-sign-sg.tiktokcdn.com",
];
const VIDEO_HOSTS: &[&str] = &[
    "v16m.tiktokcdn-us.com",
    "v19-webapp-prime.us.tiktok.com",
    "v77.tiktokcdn.com",
];

/// Random text of the kinds the API carries: digits, hex, base64ish, words.
struct Rng {
    r: fastrand::Rng,
    /// What one answer shares across its urls (their expiry, the request's log id).
    answer: Answer,
}

#[derive(Default)]
struct Answer {
    expire: String,
    logid: String,
    ft: String,
    path_time: String,
}

/// What the urls of one video file share, whichever host serves it.
struct VideoFile {
    object: String,
    rc: String,
    bti: String,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng {
            r: fastrand::Rng::with_seed(seed),
            answer: Answer::default(),
        }
    }
    /// A generator for one answer, drawing what its urls share first.
    fn for_answer(seed: u64) -> Rng {
        let mut r = Rng::new(seed);
        r.answer = Answer {
            expire: r.digits(10),
            logid: format!("2026010106{}", r.hex(22)),
            ft: r.b64(20),
            path_time: r.hex(8),
        };
        r
    }
    fn digits(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        s.push(char::from(b'1' + self.r.u8(0..9)));
        (1..n).for_each(|_| s.push(char::from(b'0' + self.r.u8(0..10))));
        s
    }
    fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b"0123456789abcdef"[self.r.usize(0..16)]))
            .collect()
    }
    fn b64(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..n).map(|_| char::from(A[self.r.usize(0..64)])).collect()
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.r.usize(0..xs.len())]
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl Tag {
    pub fn new(i: usize, items: usize) -> Tag {
        let mut r = Rng::new(0x5eed + i as u64);
        Tag {
            name: format!("{}{i}", r.pick(TAGS)),
            id: r.digits(7 + i % 12),
            items,
            seed: 1000 + i as u64 * 7919,
        }
    }

    pub fn stats_page(&self, day: usize) -> Vec<u8> {
        let videos = 50_000 + day as u64 * 1_234 + self.seed;
        let views = videos * 8_123;
        let mut r = Rng::new(self.seed ^ (day as u64) << 20);
        serde_json::to_vec(&serde_json::json!({
            "data": {"challengeInfo": {
                "challenge": {
                    "id": self.id, "title": self.name, "desc": r.words(12),
                    "profileLarger": image(&mut r, &r_key(self.seed), "1080:1080"),
                    "profileMedium": image(&mut r, &r_key(self.seed), "720:720"),
                    "profileThumb": image(&mut r, &r_key(self.seed), "100:100"),
                    "coverLarger": "", "coverMedium": "", "coverThumb": "",
                    "isCommerce": false,
                    "stats": {"videoCount": videos, "viewCount": views}
                },
                "stats": {"videoCount": videos, "viewCount": views},
                "statsV2": {"videoCount": videos.to_string(), "viewCount": views.to_string()}
            }, "extra": {"fatal_item_ids": [], "logid": format!("2026010106{}", r.hex(22)), "now": 1767247200000u64}, "log_pb": {"impr_id": format!("2026010106{}", r.hex(22))}, "statusCode": 0, "status_code": 0},
            "response_time": 800 + day,
            "credits_used": 1,
            "credits_remaining": 100_000 - day * 40
        }))
        .unwrap_or_default()
    }

    /// The first page of the day: mostly the same videos as yesterday (counts grown),
    /// a few new ones; every url freshly signed, as the CDN signs them per answer.
    pub fn videos_page(&self, day: usize) -> Vec<u8> {
        let mut pool = Rng::new(self.seed);
        let authors: Vec<Author> = (0..self.items * 2 / 3)
            .map(|_| Author::new(&mut pool))
            .collect();
        let sounds: Vec<(String, String)> = (0..self.items / 3)
            .map(|_| {
                (
                    pool.digits(19),
                    format!("original sound - {}", pool.words(2)),
                )
            })
            .collect();
        let mut r = Rng::for_answer(self.seed ^ ((day as u64 + 1) << 32));
        let list: Vec<serde_json::Value> = (0..self.items)
            .map(|slot| {
                // Slot `slot` on `day` holds video number `slot + day / 3` of the pool: a third
                // of the page turns over every few days.
                let n = (slot + day / 3) as u64;
                let mut v = Rng::new(self.seed * 31 + n);
                let author = &authors[v.r.usize(0..authors.len())];
                let sound = &sounds[v.r.usize(0..sounds.len())];
                item(self, &mut v, &mut r, author, sound, day, n)
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({
            "data": {
                "aweme_list": list,
                "cursor": self.items,
                "has_more": 1,
                "extra": {"now": 1767247200000u64 + day as u64 * 86_400_000, "logid": r.answer.logid},
                "log_pb": {"impr_id": r.answer.logid},
                "status_code": 0
            },
            "response_time": 1200 + day,
            "credits_used": 1,
            "credits_remaining": 100_000 - day * 40 - 1
        }))
        .unwrap_or_default()
    }
}

fn r_key(seed: u64) -> String {
    let mut r = Rng::new(seed);
    r.hex(32)
}

impl Author {
    fn new(r: &mut Rng) -> Author {
        let name = format!("{}_{}{}", r.pick(WORDS), r.pick(WORDS), r.digits(3));
        Author {
            uid: r.digits(19),
            nickname: format!("{} {}", r.pick(WORDS), r.pick(WORDS)),
            unique_id: name,
            sec_uid: format!("MS4wLjABAAAA{}", r.b64(64)),
            signature: r.words(9),
            avatar_key: r.hex(32),
            followers: r.r.u64(100..5_000_000),
        }
    }
}

/// A CDN-signed image url (cover, avatar, music cover): its own expiry and signature.
fn image_url(r: &mut Rng, host: &str, key: &str, size: &str) -> String {
    let (token, signature) = (r.hex(32), r.b64(27));
    format!(
        "https://{host}/tos-maliva-avt-0068/{key}~tplv-tiktokx-cropcenter:{size}.jpeg?dr=14579&refresh_token={}&x-expires={}&x-signature={}%3D&t=4d5b0474&ps=13740610&shp=a5d48078&shcp=d05b14bd&idc=maliva",
        token, r.answer.expire, signature
    )
}

fn image(r: &mut Rng, key: &str, size: &str) -> serde_json::Value {
    images(r, key, size, 2)
}

fn images(r: &mut Rng, key: &str, size: &str, hosts: usize) -> serde_json::Value {
    serde_json::json!({
        "uri": format!("tos-maliva-avt-0068/{key}"),
        "url_list": IMAGE_HOSTS[..hosts].iter().map(|h| image_url(r, h, key, size)).collect::<Vec<_>>(),
        "width": 720, "height": 720,
        "url_prefix": null
    })
}

/// A signed video url: each host signs the same object differently.
fn video_url(r: &mut Rng, host: &str, file: &VideoFile, bit_rate: u64) -> String {
    let (path_signature, signature) = (r.hex(32), r.hex(32));
    format!(
        "https://{host}/{}/{}/video/tos/useast5/tos-useast5-pve-0068-tx/{}/?a=1233&bti={}&ch=0&cr=3&dr=0&lr=all&cd=0%7C0%7C0%7C&cv=1&br={}&bt={}&cs=0&ds=6&ft={}&mime_type=video_mp4&qs=0&rc={}&btag=e00088000&expire={}&l={}&ply_type=2&policy=2&signature={}&tk=tt_chain_token",
        path_signature,
        r.answer.path_time,
        file.object,
        file.bti,
        bit_rate / 1000,
        bit_rate / 2000,
        r.answer.ft,
        file.rc,
        r.answer.expire,
        r.answer.logid,
        signature
    )
}

fn play_addr(r: &mut Rng, file: &VideoFile, bit_rate: u64, hosts: usize) -> serde_json::Value {
    let object = &file.object;
    serde_json::json!({
        "uri": format!("v12044gd0000{object}"),
        "url_list": VIDEO_HOSTS[..hosts].iter().map(|h| video_url(r, h, file, bit_rate)).collect::<Vec<_>>(),
        "width": 576, "height": 1024,
        "url_key": format!("v12044gd0000{object}_h264_540p_{bit_rate}"),
        "data_size": r.r.u64(500_000..9_000_000),
        "file_hash": r.hex(32),
        "file_cs": format!("c:0-{}-{}", r.digits(5), r.hex(4))
    })
}

/// One `aweme_list` item. `v` draws what is fixed for the video (id, caption, creation),
/// `r` what the API signs afresh in every answer.
fn item(
    tag: &Tag,
    v: &mut Rng,
    r: &mut Rng,
    author: &Author,
    sound: &(String, String),
    day: usize,
    n: u64,
) -> serde_json::Value {
    let id = v.digits(19);
    let file = VideoFile {
        object: v.b64(32),
        rc: v.b64(40),
        bti: v.b64(16),
    };
    let cover_key = v.hex(32);
    let created = 1_766_000_000 + v.r.u64(0..1_000_000);
    let words = v.r.usize(4..20);
    let mut caption = v.words(words);
    let mut text_extra = Vec::new();
    for t in [tag.name.as_str(), v.pick(TAGS), v.pick(TAGS)] {
        let start = caption.chars().count() + 1;
        caption.push_str(&format!(" #{t}"));
        text_extra.push(serde_json::json!({
            "start": start, "end": start + 1 + t.chars().count(), "type": 1,
            "hashtag_name": t, "hashtag_id": v.digits(7), "is_commerce": false,
            "sec_uid": "", "user_id": "", "sub_type": 0
        }));
    }
    let grown = 1.0 + day as f64 * 0.08;
    let plays = (v.r.u64(2_000..3_000_000) as f64 * grown) as u64;
    let likes = plays / v.r.u64(8..30);
    let comments = likes / v.r.u64(20..80);
    let shares = likes / v.r.u64(10..60);
    let collects = likes / v.r.u64(5..25);
    let duration = v.r.u64(7_000..180_000);
    let region = v.pick(REGIONS);
    let avatar = |r: &mut Rng, size| images(r, &author.avatar_key, size, 1);
    let music_cover = |r: &mut Rng, size| images(r, &format!("{}{}", sound.0, "c"), size, 1);
    let bit_rates: Vec<serde_json::Value> = [("normal_540_0", 1_100_000u64)]
        .iter()
        .map(|(gear, br)| {
            serde_json::json!({
                "gear_name": gear, "quality_type": 10 + (br / 700_000), "bit_rate": br,
                "play_addr": play_addr(r, &file, *br, 1), "is_h265": 0, "is_bytevc1": 0,
                "HDR_type": "", "HDR_bit": "", "FPS": 30, "video_extra": "{\"PktOffsetMap\":\"\"}"
            })
        })
        .collect();
    serde_json::json!({
        "aweme_id": id,
        "desc": caption,
        "create_time": created,
        "author": {
            "uid": author.uid, "short_id": "0", "nickname": author.nickname,
            "signature": author.signature, "avatar_thumb": avatar(r, "100:100"),
            "avatar_medium": avatar(r, "720:720"),
            "follow_status": 0, "is_block": false, "location": "", "hide_location": true,
            "custom_verify": "", "unique_id": author.unique_id, "room_id": 0,
            "follower_count": author.followers, "authority_status": 0, "verify_info": "",
            "share_info": {"share_url": "", "share_desc": "", "share_title": "", "share_qrcode_url": {"uri": "", "url_list": [], "width": 720, "height": 720}, "share_title_myself": "", "share_title_other": ""},
            "with_commerce_entry": false, "verification_type": 0, "enterprise_verify_reason": "",
            "is_ad_fake": false, "region": region, "account_region": "", "commerce_user_level": 0,
            "sec_uid": author.sec_uid, "secret": 0, "prevent_download": false,
            "unique_id_modify_time": created, "ins_id": "", "twitter_id": "", "youtube_channel_id": "",
            "language": "en", "user_canceled": false, "mutual_relation_avatars": null,
            "status": 1, "is_star": false, "cv_level": "", "type_label": null, "ad_cover_url": null,
            "comment_setting": 0, "duet_setting": 0, "stitch_setting": 0, "download_setting": 0
        },
        "music": {
            "id": sound.0.parse::<u64>().unwrap_or(0), "id_str": sound.0, "title": sound.1,
            "author": author.nickname, "album": "", "cover_thumb": music_cover(r, "100:100"),
            "play_url": {"uri": format!("https://sf16-ies-music-va.tiktokcdn.com/obj/tos-useast2a-ve-2774/{}", v.b64(32)), "url_list": [format!("https://sf16-ies-music-va.tiktokcdn.com/obj/tos-useast2a-ve-2774/{}", v.b64(32))], "width": 720, "height": 720, "url_key": sound.0},
            "schema_url": "", "source_platform": 72, "duration": duration / 1000,
            "extra": "{\"aed_music_dur\":0,\"beats\":{},\"has_edited\":0,\"is_ugc_mapping\":false,\"is_used\":0,\"owner_id\":0}",
            "user_count": 0, "position": null, "collect_stat": 0, "status": 1, "offline_desc": "",
            "owner_id": author.uid, "owner_nickname": author.nickname, "is_original": true,
            "mid": sound.0, "binded_challenge_id": 0, "redirect": false, "is_restricted": false,
            "author_deleted": false, "is_del_video": false, "is_video_self_see": false,
            "owner_handle": author.unique_id, "author_position": null, "prevent_download": false,
            "preview_start_time": 0, "preview_end_time": 0, "is_commerce_music": true,
            "is_original_sound": true, "audition_duration": duration / 1000, "shoot_duration": duration / 1000,
            "mute_share": false, "is_pgc": false, "is_matched_metadata": false, "is_audio_url_with_cookie": false
        },
        "video": {
            "play_addr": play_addr(r, &file, 1_100_000, 2),
            "cover": image(r, &cover_key, "300:400"),
            "height": 1024, "width": 576,
            "ratio": "540p",
            "download_addr": play_addr(r, &file, 1_100_000, 1),
            "has_watermark": true,
            "bit_rate": bit_rates,
            "duration": duration,
            "cdn_url_expired": 0, "need_set_token": false, "is_long_video": 0,
            "big_thumbs": [], "is_bytevc1": 0, "meta": "{\"loudness\":\"-12.4\",\"peak\":\"0.9\"}",
            "is_callback": true, "tags": null
        },
        "share_url": format!("https://www.tiktok.com/@{}/video/{id}?_r=1&u_code={}&preview_pb=0&sharer_language=en&_d={}&share_item_id={id}&source=h5_m", author.unique_id, r.b64(13), r.b64(13)),
        "user_digged": 0,
        "statistics": {
            "aweme_id": id, "comment_count": comments, "digg_count": likes,
            "download_count": shares / 3, "play_count": plays, "share_count": shares,
            "forward_count": 0, "lose_count": 0, "lose_comment_count": 0,
            "whatsapp_share_count": shares / 5, "collect_count": collects, "repost_count": 0
        },
        "status": {
            "aweme_id": id, "is_delete": false, "allow_share": true, "allow_comment": true,
            "is_private": false, "with_goods": false, "private_status": 0, "in_reviewing": false,
            "reviewed": 1, "self_see": false, "is_prohibited": false, "download_status": 0
        },
        "rate": 12,
        "text_extra": text_extra,
        "is_top": 0,
        "share_info": {
            "share_url": format!("https://www.tiktok.com/@{}/video/{id}?_r=1&u_code={}&preview_pb=0&sharer_language=en&_d={}&share_item_id={id}&source=h5_m", author.unique_id, r.b64(13), r.b64(13)),
            "share_link_desc": format!("#{} {} TikTok video from {} (@{}): {} https://www.tiktok.com/@{}/video/{id}?_r=1", tag.name, n, author.nickname, author.unique_id, caption, author.unique_id),
            "share_quote": "", "share_signature_desc": "", "share_signature_url": "",
            "bool_persist": 0, "share_title_myself": "", "share_title_other": "", "share_desc_info": ""
        },
        "distance": "", "video_labels": [], "is_vr": false, "duet_origin_item": null,
        "is_ads": false, "aweme_type": 0, "cmt_swt": false, "image_infos": null,
        "risk_infos": {"vote": false, "warn": false, "risk_sink": false, "type": 0, "content": ""},
        "position": null, "uniqid_position": null, "comment_list": null, "author_user_id": author.uid.parse::<u64>().unwrap_or(0),
        "geofencing": [], "region": region, "video_text": [], "collect_stat": 0,
        "label_top_text": null, "promotions": [], "group_id": id,
        "prevent_download": false, "nickname_position": null, "challenge_position": null,
        "item_comment_settings": 0, "with_promotional_music": false,
        "xigua_task": {"is_xigua_task": false}, "long_video": null, "item_duet": 0,
        "item_react": 0, "desc_language": "en", "interaction_stickers": null, "misc_info": "{}",
        "origin_comment_ids": null, "commerce_config_data": null, "distribute_type": 2,
        "video_control": {"allow_download": true, "share_type": 1, "show_progress_bar": 1, "draft_progress_bar": 1, "allow_duet": true, "allow_react": true, "prevent_download_type": 0, "allow_dynamic_wallpaper": true, "timer_status": 1, "allow_music": true, "allow_stitch": true},
        "has_vs_entry": false, "commerce_info": {"auction_ad_invited": false, "with_comment_filter_words": false, "avatar_ad_info": null},
        "need_vs_entry": false, "anchors": null, "hybrid_label": null, "with_survey": false,
        "geofencing_regions": null, "aweme_acl": {"download_general": {"code": 0, "show_type": 2, "transcode": 3, "mute": false}, "download_mask_panel": {"code": 0, "show_type": 2, "transcode": 3, "mute": false}, "share_list_status": 0, "share_general": {"code": 0, "show_type": 2, "transcode": 3, "mute": false}, "platform_list": null},
        "text_sticker_major_lang": "un", "original_client_text": {"markup_text": format!("{caption} <h id=\"1\">#{}</h>", tag.name), "text_extra": []},
        "content_size_type": 1, "operator_boost_info": null, "log_info": {"order": format!("{{\"order_id\":{}}}", r.digits(6))},
        "picked_users": [], "comment_topbar_info": null
    })
}
