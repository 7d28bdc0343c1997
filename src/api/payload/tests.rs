use super::*;
use crate::model::UNKNOWN_AUTHOR;
use crate::text::truncate;
use proptest::prelude::*;
use serde_json::Value;

fn stats(json: &str) -> Result<HashtagStats, ParseError> {
    parse_stats(json.as_bytes())
}

#[test]
fn stats_at_top_level() {
    let s = stats(r#"{"video_count": 1200, "view_count": 98000, "credits_used": 1, "credits_remaining": 499}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1200), 98000));
    assert_eq!(s.credits_remaining, Some(499));
}

#[test]
fn stats_under_data_wrapper() {
    let s = stats(r#"{"data": {"video_count": "77", "view_count": 5}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(77), 5));
    assert_eq!(s.credits_remaining, None);
}

#[test]
fn stats_under_data_stats() {
    let s = stats(r#"{"data": {"stats": {"video_count": 10, "view_count": 20}}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(10), 20));
}

#[test]
fn tiktok_camel_case_prefers_exact_stats_v2() {
    let body = r#"{"data": {"challengeInfo": {
        "challenge": {"id": "1", "title": "aitools"},
        "stats": {"videoCount": 1200000, "viewCount": 4500000000},
        "statsV2": {"videoCount": "1234567", "viewCount": "4512345678"}}},
        "credits_remaining": "12"}"#;
    let s = stats(body).unwrap();
    assert_eq!(
        (s.video_count, s.view_count),
        (Some(1_234_567), 4_512_345_678)
    );
    assert_eq!(s.credits_remaining, Some(12));
}

#[test]
fn camel_case_without_v2_uses_stats() {
    let s = stats(r#"{"challengeInfo": {"stats": {"videoCount": 3, "viewCount": 4.0}}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(3), 4));
}

#[test]
fn unparseable_v2_falls_back_to_stats() {
    let s = stats(
        r#"{"stats": {"videoCount": 5, "viewCount": 6}, "statsV2": {"videoCount": "n/a", "viewCount": "7"}}"#,
    )
    .unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(5), 7));
}

#[test]
fn exact_counts_win_wherever_they_sit() {
    let s = stats(r#"{"data":{"challengeInfo":{"challenge":{"statsV2":{"videoCount":"1234567","viewCount":"89012345"}},"stats":{"videoCount":1200000,"viewCount":89000000}}}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1_234_567), 89_012_345));
}

#[test]
fn a_reported_failure_is_never_a_zero() {
    for body in [
        r#"{"success": false, "error": "upstream timeout", "data": {"video_count": 0, "view_count": 0}}"#,
        r#"{"statusCode": 10201, "status_msg": "challenge not found", "data": {"video_count": 0, "view_count": 0}}"#,
        r#"{"status": "error", "message": "quota", "video_count": 1, "view_count": 1}"#,
    ] {
        let err = stats(body).unwrap_err();
        assert!(matches!(err, ParseError::Reported(_)), "{body}: {err}");
    }
    let err = parse_videos(br#"{"data": {"videos": []}, "error": "quota exceeded"}"#).unwrap_err();
    assert_eq!(err, ParseError::Reported("quota exceeded".into()));
    // Success markers are fine.
    assert!(stats(r#"{"success": true, "statusCode": 0, "error": null, "video_count": 1, "view_count": 2}"#).is_ok());
    assert!(stats(r#"{"error": "", "status": "ok", "video_count": 1, "view_count": 2}"#).is_ok());
    assert!(stats(r#"{"statusCode": 200, "data": {"video_count": 1, "view_count": 2}}"#).is_ok());
}

#[test]
fn aweme_items_wrappers_and_paged_lists() {
    let v = parse_videos(br#"{"aweme_list":[{"aweme_id":"7","author":{"unique_id":"x"},"statistics":{"play_count":1000,"digg_count":50,"comment_count":3,"share_count":2}}]}"#).unwrap();
    let x = &v.videos[0];
    assert_eq!(
        (
            x.id.as_str(),
            x.author.as_str(),
            x.plays,
            x.likes,
            x.comments,
            x.shares
        ),
        ("7", "x", 1000, 50, 3, 2)
    );
    let v = parse_videos(br#"{"data":{"items":[{"item":{"id":"9","author":{"uniqueId":"y"},"stats":{"playCount":5,"diggCount":1}}}]}}"#).unwrap();
    assert_eq!(
        (
            v.videos[0].id.as_str(),
            v.videos[0].author.as_str(),
            v.videos[0].plays
        ),
        ("9", "y", 5)
    );
    let v =
        parse_videos(br#"{"data":{"videos":{"cursor":30,"items":[{"id":"1","plays":3,"likes":1},{"id":"2","plays":4,"shares":0}]}}}"#)
            .unwrap();
    assert_eq!(v.videos.len(), 2);
    // No list but TikTok's pagination marker: a hashtag with no videos.
    let v = parse_videos(br#"{"data":{"hasMore":false,"cursor":0},"statusCode":0}"#).unwrap();
    assert!(v.videos.is_empty());
    let v = parse_videos(br#"{"message":"Success","data":{"hasMore":false}}"#).unwrap();
    assert!(v.videos.is_empty());
    // No list, but a reason: an error, not an empty day.
    let e = parse_videos(br#"{"hasMore":false,"message":"blocked"}"#).unwrap_err();
    assert!(e.to_string().contains("blocked"), "{e}");
    let v = parse_videos(br#"{"data":{"hasMore":false,"cursor":0},"statusCode":0}"#).unwrap();
    assert!(v.videos.is_empty());
}

#[test]
fn other_wrappers_and_names() {
    let s = stats(r#"{"success": true, "result": {"hashtag": {"name": "x", "total_videos": "12", "total_views": 34}}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(12), 34));
    let s = stats(r#"{"data": [{"videoCount": 5, "viewCount": 6}]}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(5), 6));
    let s = stats(r#"{"data": {"videos": 7, "views": "8"}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(7), 8));
    let v = parse_videos(
        br#"{"data": {"list": [{"id": 1, "authorMeta": {"name": "ann"}, "playCount": 9, "diggCount": 1}]}}"#,
    )
    .unwrap();
    assert_eq!((v.videos[0].author.as_str(), v.videos[0].plays), ("ann", 9));
}

#[test]
fn not_json_is_an_error() {
    assert!(matches!(
        stats("<html>502 Bad Gateway</html>"),
        Err(ParseError::NotJson(_))
    ));
    assert!(matches!(
        stats(r#"{"video_count": 12"#),
        Err(ParseError::NotJson(_))
    ));
}

#[test]
fn no_counts_is_an_error_not_zero() {
    let err = stats(r#"{"data": {}, "credits_used": 1}"#).unwrap_err();
    assert_eq!(
        err,
        ParseError::Missing {
            what: "video count",
            message: None
        }
    );
    let err = stats(r#"{"video_count": 5}"#).unwrap_err();
    assert!(err.to_string().contains("view count"));
    let err = stats(r#"{"error": "hashtag not found"}"#).unwrap_err();
    assert!(err.to_string().contains("hashtag not found"), "{err}");
    assert!(stats("[]").is_err());
    assert!(stats("null").is_err());
    assert!(stats(r#"{"video_count": -4, "view_count": 1}"#).is_err());
}

#[test]
fn counter_strings() {
    assert_eq!(count(&Value::from("1,234")), Some(1234));
    assert_eq!(count(&Value::from(" 42 ")), Some(42));
    assert_eq!(count(&Value::from("1.5M")), Some(1_500_000));
    assert_eq!(count(&Value::from("2k")), Some(2000));
    assert_eq!(count(&Value::from("3,4B")), Some(3_400_000_000));
    assert_eq!(count(&Value::from("1,234,567")), Some(1_234_567));
    assert_eq!(count(&Value::from("1,234K")), Some(1_234_000));
    assert_eq!(count(&Value::from("12,5M")), Some(12_500_000));
    assert_eq!(count(&Value::from("")), None);
    assert_eq!(count(&Value::from("abc")), None);
    assert_eq!(count(&Value::from("-3")), None);
    assert_eq!(count(&Value::from(u64::MAX)), None);
    assert_eq!(count(&serde_json::json!(12.6)), Some(13));
    assert_eq!(count(&Value::Bool(true)), None);
}

#[test]
fn videos_in_each_place() {
    for body in [
        r#"{"videos": [{"id": "1", "playCount": 2, "diggCount": 1}]}"#,
        r#"{"data": {"videos": [{"id": "1", "playCount": 2, "diggCount": 1}]}}"#,
        r#"{"data": {"itemList": [{"id": "1", "playCount": 2, "diggCount": 1}]}}"#,
        r#"{"itemList": [{"id": "1", "playCount": 2, "diggCount": 1}]}"#,
        r#"{"data": [{"id": "1", "playCount": 2, "diggCount": 1}]}"#,
        r#"{"data": {"videos": {"edges": [{"node": {"id": "1", "playCount": 2, "diggCount": 1}}]}}}"#,
    ] {
        let s = parse_videos(body.as_bytes()).unwrap();
        assert_eq!(s.videos.len(), 1, "{body}");
        assert_eq!(s.videos[0].id, "1");
    }
}

#[test]
fn video_fields_and_exact_counters() {
    let body = r#"{"data": {"itemList": [
        {"id": 7301, "desc": "hello", "author": {"uniqueId": "alice"},
         "stats": {"playCount": 1200000, "diggCount": 45000, "commentCount": 300, "shareCount": 12},
         "statsV2": {"playCount": "1234567", "diggCount": "45123", "commentCount": "301", "shareCount": "12"}},
        {"id": "b", "author": {"uniqueId": "bob"}, "stats": {"playCount": "10", "diggCount": 1}},
        {"id": "c"}
    ]}, "credits_remaining": 99}"#;
    let s = parse_videos(body.as_bytes()).unwrap();
    assert_eq!(s.credits_remaining, Some(99));
    let v = &s.videos[0];
    assert_eq!(v.id, "7301");
    assert_eq!(v.desc, "hello");
    assert_eq!(v.author, "alice");
    assert_eq!(
        (v.plays, v.likes, v.comments, v.shares),
        (1_234_567, 45_123, 301, 12)
    );
    let b = &s.videos[1];
    assert_eq!((b.plays, b.likes, b.comments, b.shares), (10, 1, 0, 0));
    // "c" has no counts at all: dropped, not kept as zeros.
    assert_eq!((s.videos.len(), s.dropped), (2, 1));
}

#[test]
fn empty_list_is_valid_missing_list_is_not() {
    assert!(
        parse_videos(br#"{"videos": []}"#)
            .unwrap()
            .videos
            .is_empty()
    );
    assert!(parse_videos(br#"{"data": {}}"#).is_err());
    assert!(parse_videos(b"{\"videos\": [").is_err());
    let err = parse_videos(br#"{"message": "quota exceeded"}"#).unwrap_err();
    assert!(err.to_string().contains("quota exceeded"));
}

fn videos(json: &str) -> Result<VideoSample, ParseError> {
    parse_videos(json.as_bytes())
}

fn plays(s: &VideoSample) -> Vec<u64> {
    s.videos.iter().map(|v| v.plays).collect()
}

#[test]
fn videos_without_readable_counts_are_dropped_not_zeroed() {
    let body = r#"{"videos": [
        {"id": "ok", "playCount": 100, "diggCount": 10, "commentCount": 2, "shareCount": 1},
        {"id": "unknown-names", "impressions": 100, "hearts": 10},
        {"id": "null-plays", "playCount": null, "diggCount": 10},
        {"id": "na-plays", "playCount": "n/a", "diggCount": 10},
        {"id": "negative-plays", "playCount": -5, "diggCount": 10},
        {"id": "bool-plays", "playCount": true, "diggCount": 10},
        {"id": "null-likes", "playCount": 100, "diggCount": null},
        {"id": "garbage-comments", "playCount": 100, "diggCount": 1, "commentCount": "abc"},
        {"id": "negative-shares", "playCount": 100, "diggCount": 1, "shareCount": -1},
        {"id": "over-range-likes", "playCount": 100, "diggCount": 18446744073709551615},
        {"id": "plays-only", "playCount": 100},
        {"id": "ok2", "stats": {"playCount": "50"}, "commentCount": 3}
    ]}"#;
    let s = videos(body).unwrap();
    let ids: Vec<_> = s.videos.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["ok", "ok2"]);
    assert_eq!(s.dropped, 10);
    let ok2 = &s.videos[1];
    // An absent engagement counter is 0 once another one is readable.
    assert_eq!(
        (ok2.plays, ok2.likes, ok2.comments, ok2.shares),
        (50, 0, 3, 0)
    );
    assert_eq!(ok2.author, UNKNOWN_AUTHOR);
    // A list under a bare counter name is something else, not an unreadable counter.
    let s = videos(
        r#"{"videos": [{"id": "1", "plays": 5, "likes": 1, "comments": [{"text": "hi"}]}]}"#,
    )
    .unwrap();
    assert_eq!((s.videos.len(), s.videos[0].comments, s.dropped), (1, 0, 0));
}

#[test]
fn video_counter_aliases() {
    for item in [
        r#"{"id": "1", "view_count": 7, "like_count": 3, "comment_count": 2, "share_count": 1}"#,
        r#"{"id": "1", "viewCount": 7, "likeCount": 3, "commentCount": 2, "shareCount": 1}"#,
        r#"{"id": "1", "views": 7, "likes": 3, "comments": 2, "shares": 1}"#,
        r#"{"id": "1", "play_count": "7", "digg_count": "3", "comments": 2, "shares": 1}"#,
        r#"{"id": "1", "plays": 7, "diggCount": 3, "commentCount": 2, "shareCount": 1}"#,
        r#"{"id": "1", "statistics": {"view_count": 7, "like_count": 3, "comment_count": 2, "share_count": 1}}"#,
        r#"{"id": "1", "stats": {"views": 7, "likes": 3, "comments": 2, "shares": 1}}"#,
        r#"{"id": "1", "statsV2": {"playCount": "7", "diggCount": "3", "commentCount": "2", "shareCount": "1"}, "stats": {"playCount": 10}}"#,
        r#"{"node": {"id": "1", "playCount": 7, "diggCount": 3, "commentCount": 2, "shareCount": 1}}"#,
        r#"{"item": {"node": {"id": "1", "stats": {"playCount": 7, "diggCount": 3, "commentCount": 2, "shareCount": 1}}}}"#,
    ] {
        let s = videos(&format!(r#"{{"videos": [{item}]}}"#)).unwrap();
        let v = &s.videos[0];
        assert_eq!(
            (v.id.as_str(), v.plays, v.likes, v.comments, v.shares),
            ("1", 7, 3, 2, 1),
            "{item}"
        );
    }
}

#[test]
fn a_list_without_one_readable_video_is_an_error() {
    for body in [
        r#"{"videos": ["7301", "7302"]}"#,
        r#"[null, null]"#,
        r#"{"data": {"itemList": [{"id": "1", "author": {"uniqueId": "a"}}, {"id": "2"}]}}"#,
        r#"{"videos": [{"wrapped": {"id": "1", "playCount": 5, "diggCount": 1}}]}"#,
        r#"{"videos": [{"id": "1", "playCount": null, "diggCount": 1}]}"#,
    ] {
        let err = videos(body).unwrap_err();
        assert!(
            matches!(err, ParseError::Missing { .. })
                && err.to_string().contains("no readable video counts"),
            "{body}: {err}"
        );
    }
    // A genuinely empty list is still a valid, empty sample.
    let s = videos(r#"{"videos": []}"#).unwrap();
    assert_eq!((s.videos.len(), s.dropped), (0, 0));
}

#[test]
fn repeated_video_ids_keep_the_first() {
    let s = videos(
        r#"{"videos": [
            {"id": 1, "playCount": 10, "diggCount": 1},
            {"id": "1", "playCount": 99, "diggCount": 9},
            {"id": "2", "playCount": 20, "diggCount": 2},
            {"playCount": 30, "diggCount": 3},
            {"id": "", "playCount": 30, "diggCount": 3},
            {"id": "2", "playCount": 21, "diggCount": 2}
        ]}"#,
    )
    .unwrap();
    assert_eq!(plays(&s), [10, 20, 30, 30]);
    assert_eq!(s.dropped, 2);
    // An unreadable copy is dropped for that; the readable one is then the first.
    let s = videos(
        r#"{"videos": [{"id": "1", "playCount": "n/a", "diggCount": 1}, {"id": "1", "playCount": 8, "diggCount": 1}]}"#,
    )
    .unwrap();
    assert_eq!((plays(&s), s.dropped), (vec![8], 1));
}

#[test]
fn more_failure_markers_on_both_endpoints() {
    let counts = r#""video_count": 1, "view_count": 2, "videos": [{"id": "1", "playCount": 5, "diggCount": 1}]"#;
    for (marker, message) in [
        (r#""success": "False""#, None),
        (r#""success": 0"#, None),
        (r#""ok": "false""#, None),
        (r#""status": "FAILURE", "msg": "boom""#, Some("boom")),
        (r#""status": 500"#, None),
        (r#""status": "500""#, None),
        (
            r#""statusCode": "10201", "message": "challenge not found""#,
            Some("challenge not found"),
        ),
        (
            r#""code": 1001, "msg": "rate limited""#,
            Some("rate limited"),
        ),
        (r#""status_code": -1"#, None),
        (r#""errors": [{"message": "bad key"}]"#, Some("bad key")),
        (r#""errors": {"key": "invalid"}"#, None),
        (r#""error": ["quota"]"#, Some("quota")),
        (r#""error": {"code": 5, "message": "nope"}"#, Some("nope")),
        (r#""error": true, "message": "it broke""#, Some("it broke")),
    ] {
        for body in [
            format!("{{{marker}, {counts}}}"),
            format!(r#"{{"data": {{{marker}, {counts}}}}}"#),
            format!(r#"{{"result": {{"data": {{{marker}, {counts}}}}}}}"#),
        ] {
            for err in [
                stats(&body).unwrap_err(),
                videos(&body).unwrap_err(),
                parse_stats_for(body.as_bytes(), "x").unwrap_err(),
            ] {
                let ParseError::Reported(said) = &err else {
                    panic!("{body}: {err}");
                };
                if let Some(m) = message {
                    assert_eq!(said, m, "{body}");
                }
            }
        }
    }
    let long = "x".repeat(500);
    let err = stats(&format!(r#"{{"code": 3, "msg": "{long}", {counts}}}"#)).unwrap_err();
    assert!(err.to_string().chars().count() < 260, "{err}");
    // Success markers, at any level, are fine.
    for marker in [
        r#""success": "true", "status": "ok", "code": 0"#,
        r#""code": 200, "statusCode": "0", "status": 0"#,
        r#""status": 201, "status_code": "200", "errors": [], "error": {}"#,
        r#""error": false, "errors": null, "success": 1, "status": "success""#,
    ] {
        for body in [
            format!("{{{marker}, {counts}}}"),
            format!(r#"{{"data": {{{marker}, {counts}}}}}"#),
        ] {
            assert!(stats(&body).is_ok(), "{body}");
            assert!(videos(&body).is_ok(), "{body}");
        }
    }
    // Inside a video item, `status` or `code` is the item's own business.
    let s = videos(
        r#"{"data": [{"id": "1", "status": 1, "code": 9, "playCount": 5, "diggCount": 1}]}"#,
    )
    .unwrap();
    assert_eq!(s.videos.len(), 1);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let s = parse_stats(b"\xEF\xBB\xBF{\"video_count\": 1, \"view_count\": 2}").unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1), 2));
    let v =
        parse_videos(b"\xEF\xBB\xBF{\"videos\": [{\"id\": \"1\", \"plays\": 3, \"likes\": 1}]}")
            .unwrap();
    assert_eq!(plays(&v), [3]);
    assert!(parse_stats(b"\xEF\xBB\xBF").is_err());
}

#[test]
fn stats_for_the_asked_hashtag() {
    let for_tag = |body: &str, tag: &str| parse_stats_for(body.as_bytes(), tag);
    // In a list, the element naming the hashtag, wherever it sits.
    let list = r##"{"data":[{"hashtag":"aitoolsdaily","video_count":5,"view_count":6},{"hashtag":"#AITools","video_count":1000000,"view_count":2}]}"##;
    let s = for_tag(list, "aitools").unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1_000_000), 2));
    let s = for_tag(list, "aitoolsdaily").unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(5), 6));
    let err = for_tag(list, "llm").unwrap_err();
    assert_eq!(err.to_string(), "the answer is for #aitoolsdaily, not #llm");
    // An object naming another hashtag, under each name field.
    for body in [
        r#"{"data": {"hashtag": "aitoolsdaily", "video_count": 5, "view_count": 6}}"#,
        r#"{"title": "AIToolsDaily", "video_count": 5, "view_count": 6}"#,
        r#"{"data": {"challengeName": "aitoolsdaily", "video_count": 5, "view_count": 6}}"#,
        r#"{"data": {"cha_name": "aitoolsdaily", "video_count": 5, "view_count": 6}}"#,
        r#"{"data": {"challenge": {"title": "aitoolsdaily"}, "video_count": 5, "view_count": 6}}"#,
        r#"{"data": {"challengeInfo": {"challenge": {"title": "aitoolsdaily"}, "stats": {"videoCount": 5, "viewCount": 6}}}}"#,
    ] {
        let err = for_tag(body, "aitools").unwrap_err();
        assert!(
            matches!(&err, ParseError::OtherHashtag { got, asked } if got == "aitoolsdaily" && asked == "aitools"),
            "{body}: {err}"
        );
        assert!(parse_stats(body.as_bytes()).is_ok(), "{body}");
        assert!(for_tag(body, "aitoolsdaily").is_ok(), "{body}");
    }
    // The same name, differently written, or no name at all: accepted.
    for body in [
        r##"{"data": {"hashtag": " #AiTools ", "video_count": 5, "view_count": 6}}"##,
        r#"{"data": {"challengeInfo": {"challenge": {"title": "aitools"}, "statsV2": {"videoCount": "5", "viewCount": "6"}}}}"#,
        r#"{"data": [{"video_count": 5, "view_count": 6}, {"video_count": 7, "view_count": 8}]}"#,
        r#"{"video_count": 5, "view_count": 6, "hashtag": null}"#,
        // Labels, not hashtag names: a bare `name`, or a title with spaces.
        r#"{"data": {"name": "tiktok", "video_count": 5, "view_count": 6}}"#,
        r#"{"title": "Hashtag stats", "video_count": 5, "view_count": 6}"#,
        // The key was scrubbed out of the name (a key that is also a word of the hashtag).
        r#"{"hashtag": "[redacted]_0164", "video_count": 5, "view_count": 6}"#,
    ] {
        let s = for_tag(body, "aitools").unwrap();
        assert_eq!((s.video_count, s.view_count), (Some(5), 6), "{body}");
    }
}

#[test]
fn the_precise_of_two_agreeing_counts_wins() {
    let s = stats(r#"{"data":{"video_count":1234567,"view_count":4512345678,"stats":{"videoCount":1200000,"viewCount":4500000000}}}"#).unwrap();
    assert_eq!(
        (s.video_count, s.view_count),
        (Some(1_234_567), 4_512_345_678)
    );
    // statsV2 still wins outright, even over a more precise-looking value.
    let s = stats(r#"{"video_count":1234567,"view_count":7,"statsV2":{"videoCount":"1200000","viewCount":"8"}}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1_200_000), 8));
    // Values that disagree by more than rounding keep the usual order (`stats` first).
    let s = stats(r#"{"video_count":1234567,"view_count":4512345678,"stats":{"videoCount":1000000,"viewCount":4000000000}}"#).unwrap();
    assert_eq!(
        (s.video_count, s.view_count),
        (Some(1_000_000), 4_000_000_000)
    );
    // Same precision: the usual order.
    let s = stats(
        r#"{"video_count":1210000,"view_count":6,"stats":{"videoCount":1200000,"viewCount":6}}"#,
    )
    .unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1_210_000), 6));
    let s = stats(
        r#"{"video_count":1210000,"view_count":6,"stats":{"videoCount":1220000,"viewCount":6}}"#,
    )
    .unwrap();
    assert_eq!(s.video_count, Some(1_220_000));
    // Videos too.
    let v = videos(r#"{"videos":[{"id":"1","playCount":1234567,"diggCount":45123,"stats":{"playCount":1200000,"diggCount":45000}}]}"#).unwrap();
    assert_eq!((v.videos[0].plays, v.videos[0].likes), (1_234_567, 45_123));
}

#[test]
fn truncate_respects_char_boundaries() {
    assert_eq!(truncate("héllo", 2), "hé…");
    assert_eq!(truncate("hi", 5), "hi");
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_stats(&bytes);
        let _ = parse_videos(&bytes);
    }

    #[test]
    fn never_panics_on_mutated_payloads(
        which in 0usize..2,
        cut in 0usize..400,
        flip in 0usize..400,
        byte in any::<u8>(),
    ) {
        let bases: [&[u8]; 2] = [
            br#"{"data":{"challengeInfo":{"challenge":{"title":"a"},"stats":{"videoCount":12,"viewCount":"34"},"statsV2":{"videoCount":"12","viewCount":"34"}},"itemList":[{"id":"1","author":{"uniqueId":"a"},"stats":{"playCount":5,"diggCount":"1.2K"}}]},"credits_remaining":3}"#,
            b"\xEF\xBB\xBF{\"code\":\"0\",\"data\":[{\"hashtag\":\"b\",\"video_count\":1},{\"name\":\"a\",\"video_count\":5,\"views\":6}],\"result\":{\"edges\":[{\"node\":{\"id\":1,\"plays\":2,\"likes\":null}},{\"node\":{\"id\":1,\"plays\":2,\"shares\":0}}]}}",
        ];
        let mut bytes = bases[which].to_vec();
        if flip < bytes.len() { bytes[flip] = byte; }
        bytes.truncate(cut.min(bytes.len()));
        let _ = parse_stats(&bytes);
        let _ = parse_stats_for(&bytes, "a");
        let _ = parse_videos(&bytes);
    }

    /// Every item is either kept with the counts it carried, or counted as dropped;
    /// never a zero standing in for an unreadable counter.
    #[test]
    fn kept_videos_carry_their_own_counts(
        items in proptest::collection::vec((0usize..6, 0usize..6, 0usize..6, 0u64..1_000_000), 0..12),
    ) {
        // 0: absent, 1..=2: readable, 3..: present but unreadable.
        let value = |kind: usize, n: u64| match kind {
            0 => None,
            1 => Some(n.to_string()),
            2 => Some(format!("\"{n}\"")),
            3 => Some("null".to_string()),
            4 => Some("\"n/a\"".to_string()),
            _ => Some("-1".to_string()),
        };
        let body: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, &(p, l, c, n))| {
                let fields: Vec<String> = [("playCount", p), ("diggCount", l), ("commentCount", c)]
                    .iter()
                    .filter_map(|&(k, kind)| Some(format!("\"{k}\": {}", value(kind, n)?)))
                    .chain([format!("\"id\": \"{i}\"")])
                    .collect();
                format!("{{{}}}", fields.join(", "))
            })
            .collect();
        let body = format!("{{\"videos\": [{}]}}", body.join(", "));
        let usable = |&&(p, l, c, _): &&(usize, usize, usize, u64)| {
            (1..=2).contains(&p) && l < 3 && c < 3 && (l > 0 || c > 0)
        };
        let expected: Vec<u64> = items.iter().filter(usable).map(|x| x.3).collect();
        match parse_videos(body.as_bytes()) {
            Ok(s) => {
                prop_assert_eq!(plays(&s), expected);
                prop_assert_eq!(s.videos.len() + s.dropped, items.len());
                for (v, item) in s.videos.iter().zip(items.iter().filter(usable)) {
                    prop_assert_eq!(v.likes, if item.1 == 0 { 0 } else { item.3 });
                    prop_assert_eq!(v.comments, if item.2 == 0 { 0 } else { item.3 });
                }
            }
            Err(e) => {
                prop_assert!(expected.is_empty() && !items.is_empty(), "{}: {}", body, e);
            }
        }
    }

    #[test]
    fn string_and_number_counts_agree(n in 0u64..(i64::MAX as u64)) {
        prop_assert_eq!(count(&Value::from(n)), Some(n));
        prop_assert_eq!(count(&Value::from(n.to_string())), Some(n));
    }
}

#[test]
fn a_zero_video_count_beside_views_is_not_reported() {
    // The skill file's own example: TikTok no longer reports videoCount for this hashtag.
    let s = stats(
        r#"{"data":{"challengeInfo":{"challenge":{"id":"229207","title":"fyp","desc":"",
        "stats":{"videoCount":0,"viewCount":119178100000000}}}},"credits_used":1}"#,
    )
    .unwrap();
    assert_eq!(s.video_count, None);
    assert_eq!(s.view_count, 119_178_100_000_000);
    assert_eq!(s.id.as_deref(), Some("229207"));
    // Nothing at all is a real zero.
    let s = stats(r#"{"video_count": 0, "view_count": 0}"#).unwrap();
    assert_eq!(s.video_count, Some(0));
}

#[test]
fn the_hashtag_id_is_read_as_a_string() {
    let s = stats(r#"{"data":{"id": 42, "stats":{"video_count":1,"view_count":2}}}"#).unwrap();
    assert_eq!(s.id.as_deref(), Some("42"));
    // A root-level `id` may name the request, not the hashtag.
    let s = stats(r#"{"id": "req-1", "video_count": 1, "view_count": 2}"#).unwrap();
    assert_eq!(s.id, None);
    let s = stats(r#"{"hashtag_id": "77", "video_count": 1, "view_count": 2}"#).unwrap();
    assert_eq!(s.id.as_deref(), Some("77"));
}

#[test]
fn pages_say_where_the_next_starts() {
    let v = parse_videos(br#"{"data":{"aweme_list":[],"cursor":30,"has_more":1}}"#).unwrap();
    assert_eq!((v.cursor.as_deref(), v.has_more), (Some("30"), Some(true)));
    let v = parse_videos(br#"{"data":{"itemList":[],"cursor":"93","hasMore":false}}"#).unwrap();
    assert_eq!((v.cursor.as_deref(), v.has_more), (Some("93"), Some(false)));
}

// ---- precision of the counts (#13) ------------------------------------------------------

#[test]
fn exact_stats_v2_counts_have_precision_zero() {
    let body = r#"{"data": {"challengeInfo": {"challenge": {"title": "aitools"},
        "stats": {"videoCount": 1200000, "viewCount": 4500000000},
        "statsV2": {"videoCount": "1200000", "viewCount": "4512345678"}}}}"#;
    let s = stats(body).unwrap();
    assert_eq!(
        s.precision,
        Precision {
            videos: 0,
            views: 0
        }
    );
}

#[test]
fn counts_only_from_rounded_stats_carry_the_display_rounding() {
    let body = r#"{"data": {"challengeInfo": {"challenge": {"title": "aitools"},
        "stats": {"videoCount": 1200000, "viewCount": 4500000000}}}}"#;
    let s = stats(body).unwrap();
    assert_eq!(
        (s.video_count, s.view_count),
        (Some(1_200_000), 4_500_000_000)
    );
    assert_eq!(
        s.precision,
        Precision {
            videos: 50_000,
            views: 50_000_000
        }
    );
}

#[test]
fn a_stats_count_without_the_rounding_zeros_is_exact() {
    let s = stats(r#"{"challengeInfo": {"stats": {"videoCount": 1234567, "viewCount": 98765}}}"#)
        .unwrap();
    assert_eq!(s.precision, Precision::default());
}

#[test]
fn a_suffixed_string_is_rounded_wherever_it_sits() {
    let s = stats(r#"{"video_count": "1.2M", "view_count": "12.3K"}"#).unwrap();
    assert_eq!((s.video_count, s.view_count), (Some(1_200_000), 12_300));
    assert_eq!(
        s.precision,
        Precision {
            videos: 50_000,
            views: 50
        }
    );
}

#[test]
fn a_plain_round_number_beside_the_stats_is_exact() {
    let s = stats(r#"{"video_count": 1200, "view_count": 98000}"#).unwrap();
    assert_eq!(s.precision, Precision::default());
}

#[test]
fn an_unreported_video_count_has_no_precision_of_its_own() {
    let s = stats(r#"{"challengeInfo": {"stats": {"videoCount": 0, "viewCount": 4500000000}}}"#)
        .unwrap();
    assert_eq!(s.video_count, None);
    assert_eq!(s.precision.videos, 0);
    assert_eq!(s.precision.views, 50_000_000);
}
