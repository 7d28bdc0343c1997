use super::*;

fn one(body: &str) -> VideoSound {
    let mut out = sounds(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
    assert_eq!(out.len(), 1, "{body}");
    out.remove(0)
}

fn app(music: &str) -> String {
    format!(
        r#"{{"data": {{"aweme_list": [{{"aweme_id": "1", "author": {{"unique_id": "ana"}},
            "statistics": {{"play_count": 10, "digg_count": 1}}, "music": {music}}}], "has_more": 0}}}}"#
    )
}

fn web(music: &str) -> String {
    format!(
        r#"{{"data": {{"itemList": [{{"id": "7", "author": {{"uniqueId": "bo"}},
            "stats": {{"playCount": 10, "diggCount": 1}}, "music": {music}}}], "hasMore": false}}}}"#
    )
}

#[test]
fn app_shape_reads_id_str_title_author_owner_and_the_original_flag() {
    let v = one(&app(
        r#"{"id": 7212345678901234567, "id_str": "7212345678901234567", "title": "Espresso",
            "author": "Sabrina Carpenter", "owner_handle": "", "is_original_sound": false}"#,
    ));
    assert_eq!(v.id, "1");
    assert_eq!(v.author, "ana");
    let s = v.sound.expect("a sound");
    assert_eq!(s.id, "7212345678901234567");
    assert_eq!(s.title, "Espresso");
    assert_eq!(s.author, "Sabrina Carpenter");
    assert!(!s.original);
    assert_eq!(s.owner, None, "a blank handle is none");
}

#[test]
fn a_19_digit_numeric_id_is_kept_exactly() {
    // 2^63 + 1 and the largest 19-digit number: both lose digits through an f64.
    for id in ["9223372036854775809", "9999999999999999999"] {
        let s = one(&app(&format!(r#"{{"id": {id}, "title": "t"}}"#)))
            .sound
            .unwrap();
        assert_eq!(s.id, id);
    }
}

#[test]
fn id_str_wins_over_a_number_too_long_for_an_integer() {
    let body = app(r#"{"id": 72123456789012345678, "id_str": "72123456789012345678"}"#);
    assert_eq!(one(&body).sound.unwrap().id, "72123456789012345678");
    // Without id_str, an id that was read as a float is not trusted: no sound.
    assert_eq!(one(&app(r#"{"id": 72123456789012345678}"#)).sound, None);
    assert_eq!(one(&app(r#"{"id": 7.2e18}"#)).sound, None);
}

#[test]
fn web_shape_reads_a_string_id_author_name_and_original() {
    let s = one(&web(
        r#"{"id": "7301234567890123456", "title": "original sound - bo",
            "authorName": "bo", "original": true}"#,
    ))
    .sound
    .unwrap();
    assert_eq!(s.id, "7301234567890123456");
    assert_eq!(s.title, "original sound - bo");
    assert_eq!(s.author, "bo");
    assert!(s.original);
}

#[test]
fn a_video_without_music_has_no_sound_not_an_empty_one() {
    let body = r#"{"data": {"aweme_list": [{"aweme_id": "1",
        "statistics": {"play_count": 10, "digg_count": 1}}], "has_more": 0}}"#;
    assert_eq!(one(body).sound, None);
    for music in [
        "null",
        r#""""#,
        "{}",
        r#"{"id": ""}"#,
        r#"{"id": 0}"#,
        r#"{"title": "x"}"#,
    ] {
        assert_eq!(one(&app(music)).sound, None, "{music}");
    }
}

#[test]
fn flags_read_as_numbers_and_strings() {
    for (flag, want) in [
        ("1", true),
        ("0", false),
        (r#""true""#, true),
        (r#""no""#, false),
    ] {
        let s = one(&app(&format!(
            r#"{{"id": "5", "is_original_sound": {flag}}}"#
        )))
        .sound
        .unwrap();
        assert_eq!(s.original, want, "{flag}");
    }
}

#[test]
fn the_sounds_are_those_of_the_sample() {
    // A repeated video counts once; one without readable counts is not in the sample.
    let body = r#"{"data": {"aweme_list": [
        {"aweme_id": "1", "statistics": {"play_count": 10, "digg_count": 1}, "music": {"id": "5"}},
        {"aweme_id": "1", "statistics": {"play_count": 10, "digg_count": 1}, "music": {"id": "6"}},
        {"aweme_id": "2", "statistics": {"play_count": "n/a"}, "music": {"id": "7"}},
        {"item": {"aweme_id": "3", "statistics": {"play_count": 9, "digg_count": 1}, "music": {"id": "8"}}}
    ], "has_more": 0}}"#;
    let out = sounds(body.as_bytes()).unwrap();
    let ids: Vec<_> = out
        .iter()
        .map(|v| v.sound.as_ref().unwrap().id.as_str())
        .collect();
    assert_eq!(ids, ["5", "8"]);
}

#[test]
fn failures_are_errors_and_a_missing_list_is_empty() {
    assert!(sounds(b"<html>").is_err());
    assert!(sounds(br#"{"success": false, "message": "blocked"}"#).is_err());
    assert_eq!(sounds(br#"{"data": {"has_more": 0}}"#).unwrap(), []);
}
