//! Tests of the store as a whole: opening, damage handling, locking and merging on real files.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use proptest::prelude::*;

use super::log::HEADER;
use super::*;

fn review(id: u64, secs: i64, card: &str) -> Event {
    Event::study_answer(
        EventId::from_u64(id),
        Timestamp::from_second(secs).unwrap(),
        card,
        3,
        900,
    )
}

fn tmp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/progress.jsonl");
    (dir, path)
}

/// Writes a log with these events, in this order.
fn write_log(path: &Path, events: &[Event]) {
    let mut opened = Store::open(path).unwrap();
    for e in events {
        opened.store.append(e).unwrap();
    }
}

/// Writes a file as deckard would have created it (0600), so opening it gives no warning.
fn put_private(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
    }
}

fn expect_refusal(content: &[u8], check: impl Fn(&StoreError) -> bool) {
    let (_dir, path) = tmp();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(check(&err), "{err:?}");
    let listed: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(listed.len(), 1, "no side files are left behind");
    assert_eq!(
        fs::read(&path).unwrap(),
        content,
        "a refused log is never written"
    );
    assert!(read(&path).is_err(), "read refuses it too");
}

#[test]
fn open_creates_a_private_log_with_a_header() {
    let (_dir, path) = tmp();
    let opened = Store::open(&path).unwrap();
    assert!(opened.events.is_empty() && opened.warnings.is_empty());
    assert_eq!(opened.store.path(), path);
    assert_eq!(fs::read_to_string(&path).unwrap(), format!("{HEADER}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn appended_events_read_back_in_order() {
    let (_dir, path) = tmp();
    let events: Vec<Event> = (0..5).map(|i| review(i, 100 - i as i64, "d/c")).collect();
    write_log(&path, &events);
    assert_eq!(Store::open(&path).unwrap().events, events);
    let (read_back, warnings) = read(&path).unwrap();
    assert_eq!(read_back, events);
    // Each event is dated before the one above it: one warning, at the first of them.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("progress.jsonl:3: this event is dated"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("clock set back"), "{warnings:?}");
}

/// Before: every Anki import warned "was the clock set back?", since its reviews are older
/// than the answers already in the log.
#[test]
fn imported_answers_are_not_taken_for_a_clock_set_back() {
    let (_dir, path) = tmp();
    let mut old = review(2, 10, "d/a");
    if let EventBody::Review(r) = &mut old.body {
        r.origin = Some("anki:1:revlog:1".into());
    }
    write_log(&path, &[review(1, 100, "d/a"), old, review(3, 101, "d/b")]);
    let (_, warnings) = read(&path).unwrap();
    assert_eq!(warnings, Vec::<String>::new());
    // An answer of this device dated before the latest one still warns.
    let (_dir, path) = tmp();
    write_log(&path, &[review(1, 100, "d/a"), review(2, 50, "d/b")]);
    let (_, warnings) = read(&path).unwrap();
    assert!(
        warnings[0].contains("progress.jsonl:3: this event is dated"),
        "{warnings:?}"
    );
}

/// On main a line copied twice was replayed twice, silently.
#[test]
fn a_repeated_line_is_skipped_with_a_warning() {
    let (_dir, path) = tmp();
    let (a, b) = (review(1, 10, "d/a"), review(2, 20, "d/b"));
    write_log(&path, &[a.clone(), b.clone(), a.clone(), a.clone()]);
    let opened = Store::open(&path).unwrap();
    assert_eq!(opened.events, vec![a, b]);
    assert_eq!(opened.warnings.len(), 1, "{:?}", opened.warnings);
    assert!(
        opened.warnings[0]
            .contains(":4: event 0000000000000001 repeats an earlier line; skipped it and 1 other"),
        "{:?}",
        opened.warnings
    );
    assert_eq!(read(&path).unwrap().0.len(), 2);
}

/// On main two different events under one id were both applied.
#[test]
fn two_different_events_under_one_id_are_refused_naming_both_lines() {
    let (_dir, path) = tmp();
    write_log(
        &path,
        &[review(1, 10, "d/a"), review(2, 20, "d/b"), review(1, 30, "d/c")],
    );
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Duplicate {
                first_line: 2,
                second_line: 4,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("lines 2 and 4"), "{err}");
    assert!(matches!(read(&path), Err(StoreError::Duplicate { .. })));
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// On main a whole last line that lacked only its newline (an editor's save) went to
/// `.rejected` and its answer was lost.
#[test]
fn a_valid_last_line_without_newline_is_kept() {
    let (_dir, path) = tmp();
    let (a, b) = (review(1, 10, "d/a"), review(2, 20, "d/b"));
    write_log(&path, std::slice::from_ref(&a));
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b.to_line().as_bytes());
    fs::write(&path, &bytes).unwrap();
    let (seen, warnings) = read(&path).unwrap();
    assert_eq!((seen, warnings), (vec![a.clone(), b.clone()], vec![]));
    let mut opened = Store::open(&path).unwrap();
    assert_eq!(opened.events, vec![a.clone(), b.clone()]);
    assert!(
        opened.warnings[0].contains("kept it and added one"),
        "{:?}",
        opened.warnings
    );
    assert!(!rejected(&path).exists());
    bytes.push(b'\n');
    assert_eq!(fs::read(&path).unwrap(), bytes);
    let c = review(3, 30, "d/c");
    opened.store.append(&c).unwrap();
    drop(opened);
    assert_eq!(Store::open(&path).unwrap().events, vec![a, b, c]);
}

fn rejected(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".rejected");
    PathBuf::from(name)
}

/// The same for a merge: the other log's unterminated last line is merged, not left out.
#[test]
fn merge_keeps_a_valid_last_line_without_newline() {
    let (_d1, a) = tmp();
    let (_d2, b) = tmp();
    write_log(&a, &[review(1, 10, "d/a")]);
    write_log(&b, &[]);
    let mut bytes = fs::read(&b).unwrap();
    bytes.extend_from_slice(review(2, 20, "d/b").to_line().as_bytes());
    fs::write(&b, &bytes).unwrap();
    let r = merge(&a, &b).unwrap();
    assert_eq!((r.added, r.warnings.len()), (1, 0), "{r:?}");
    assert_eq!(read(&a).unwrap().0.len(), 2);
}

#[test]
fn empty_file_gets_a_header() {
    let (_dir, path) = tmp();
    put_private(&path, b"");
    assert_eq!(read(&path).unwrap(), (vec![], vec![]));
    let opened = Store::open(&path).unwrap();
    assert!(opened.events.is_empty() && opened.warnings.is_empty());
    assert_eq!(fs::read_to_string(&path).unwrap(), format!("{HEADER}\n"));
}

#[test]
fn header_cut_short_is_rewritten() {
    let (_dir, path) = tmp();
    put_private(&path, &HEADER.as_bytes()[..10]);
    let opened = Store::open(&path).unwrap();
    assert_eq!(opened.warnings.len(), 1);
    assert_eq!(fs::read_to_string(&path).unwrap(), format!("{HEADER}\n"));
}

#[test]
fn torn_last_line_is_moved_to_rejected() {
    let (_dir, path) = tmp();
    write_log(&path, &[review(1, 1, "d/a"), review(2, 2, "d/b")]);
    let good = fs::read(&path).unwrap();
    let torn = &review(3, 3, "d/c").to_line()[..40];
    fs::write(&path, [&good[..], torn.as_bytes()].concat()).unwrap();

    let (events, warnings) = read(&path).unwrap();
    assert_eq!((events.len(), warnings.len()), (2, 1));
    assert!(warnings[0].contains(":4:"), "{warnings:?}");

    let mut opened = Store::open(&path).unwrap();
    assert_eq!(opened.events.len(), 2);
    assert!(opened.warnings[0].contains(":4:"), "{:?}", opened.warnings);
    assert!(opened.warnings[0].contains("progress.jsonl.rejected"));
    assert_eq!(fs::read(&path).unwrap(), good);
    let rejected = fs::read_to_string(path.with_extension("jsonl.rejected")).unwrap();
    assert_eq!(rejected, format!("{torn}\n"));
    opened.store.append(&review(4, 4, "d/d")).unwrap();
    drop(opened);
    let again = Store::open(&path).unwrap();
    assert_eq!((again.events.len(), again.warnings.len()), (3, 0));
}

#[test]
fn corrupt_middle_line_is_refused_by_number() {
    let line = review(1, 1, "d/a").to_line();
    let content = format!("{HEADER}\n{line}\n{{\"id\":\"00\n{line}\n");
    expect_refusal(content.as_bytes(), |e| {
        matches!(e, StoreError::Corrupt { line: 3, .. }) && e.to_string().contains(":3: damaged")
    });
    // A bad value, not just bad JSON, and a torn tail after it: still refused, not repaired.
    let bad = line.replace("\"rating\":3", "\"rating\":9");
    let content = format!("{HEADER}\n{bad}\n{{\"id");
    expect_refusal(
        content.as_bytes(),
        |e| matches!(e, StoreError::Corrupt { line: 2, reason, .. } if reason.contains("rating")),
    );
}

#[test]
fn future_version_is_refused() {
    let content = format!("{}\n", HEADER.replace(":1}", ":3}"));
    expect_refusal(content.as_bytes(), |e| {
        matches!(e, StoreError::FutureVersion { version: 3, .. })
    });
}

/// The version rule: a log stays version 1 (readable by an older deckard) until its first
/// event an older reader would skip and misread; from then on its header says 2 and a
/// version-1 reader refuses it with "upgrade deckard".
#[test]
fn first_card_event_raises_the_version_so_older_readers_refuse_the_log() {
    let (_dir, path) = tmp();
    write_log(&path, &[review(1, 10, "d/a")]);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with(&format!("{HEADER}\n"))
    );
    let t = Timestamp::from_second(20).unwrap();
    let mut opened = Store::open(&path).unwrap();
    assert_eq!(opened.store.version(), 1);
    opened
        .store
        .append(&Event::suspend(EventId::from_u64(2), t, "d/a"))
        .unwrap();
    assert_eq!(opened.store.version(), 2);
    opened
        .store
        .append(&Event::reset(EventId::from_u64(3), t, "d/a"))
        .unwrap();
    drop(opened);
    let text = fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(first, r#"{"deckard":"progress","version":2}"#);
    // The rest of the file is untouched and every event reads back.
    assert_eq!(text.lines().count(), 4);
    let (events, warnings) = read(&path).unwrap();
    assert_eq!((events.len(), warnings.len()), (3, 0));
    // A reader of version 1 (the deckard before these events) refuses it.
    let err = log::check_header(&path, first.as_bytes(), 1).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("newer than this deckard's 1; upgrade deckard"),
        "{err}"
    );
    assert_eq!(Store::open(&path).unwrap().store.version(), 2);
}

#[test]
fn a_longer_header_is_raised_in_place_at_its_own_length() {
    let (_dir, path) = tmp();
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let old = r#"{"version": 1, "deckard": "progress", "note": "mine"}"#;
    let line = review(1, 10, "d/a").to_line();
    fs::write(&path, format!("{old}\n{line}\n")).unwrap();
    let mut opened = Store::open(&path).unwrap();
    let t = Timestamp::from_second(20).unwrap();
    opened
        .store
        .append(&Event::unsuspend(EventId::from_u64(2), t, "d/a"))
        .unwrap();
    drop(opened);
    let text = fs::read_to_string(&path).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(first.len(), old.len());
    assert_eq!(first.trim_end(), r#"{"deckard":"progress","version":2}"#);
    assert_eq!(text.lines().nth(1), Some(line.as_str()));
    assert_eq!(read(&path).unwrap().0.len(), 2);
}

#[test]
fn merging_a_version_2_log_gives_a_version_2_log() {
    let (dir, a) = tmp();
    let b = dir.path().join("b.jsonl");
    write_log(&a, &[review(1, 10, "d/a")]);
    let t = Timestamp::from_second(20).unwrap();
    write_log(&b, &[Event::reschedule(EventId::from_u64(2), t, "d/a", t)]);
    merge(&a, &b).unwrap();
    let text = fs::read_to_string(&a).unwrap();
    assert!(
        text.starts_with("{\"deckard\":\"progress\",\"version\":2}\n"),
        "{text}"
    );
    assert_eq!(read(&a).unwrap().0.len(), 2);
}

#[test]
fn foreign_files_are_refused() {
    expect_refusal(b"name,score\nann,3\n", |e| {
        matches!(e, StoreError::NotDeckard { .. })
    });
    expect_refusal(b"#!/bin/sh", |e| matches!(e, StoreError::NotDeckard { .. }));
    expect_refusal(b"{\"other\":\"tool\"}\n", |e| {
        matches!(e, StoreError::NotDeckard { .. })
    });
}

#[test]
fn a_directory_is_not_a_log() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Store::open(dir.path()).is_err());
    assert!(matches!(read(dir.path()), Err(StoreError::NotDeckard { .. })));
}

#[test]
fn missing_file_reads_as_empty() {
    let (_dir, path) = tmp();
    assert_eq!(read(&path).unwrap(), (vec![], vec![]));
    assert!(!path.exists());
}

#[test]
fn second_writer_is_refused_naming_the_holder() {
    let (_dir, path) = tmp();
    let first = Store::open(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&format!("pid {}", std::process::id())), "{msg}");
    assert!(read(&path).is_ok(), "readers need no lock");
    assert!(merge(&path, &path).is_err(), "merge takes the lock too");
    drop(first);
    assert!(Store::open(&path).is_ok(), "the lock goes with its holder");
}

#[test]
fn invalid_events_are_not_written() {
    let (_dir, path) = tmp();
    let mut opened = Store::open(&path).unwrap();
    let before = fs::read(&path).unwrap();
    let mut bad = review(1, 1, "no-slash");
    assert!(matches!(
        opened.store.append(&bad),
        Err(StoreError::InvalidEvent { .. })
    ));
    bad.body = EventBody::Quiz(QuizSummary {
        decks: vec![],
        questions: 1,
        answered: 1,
        score: f64::INFINITY,
        max_score: 1.0,
        ms: 1,
    });
    assert!(opened.store.append(&bad).is_err());
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn unknown_event_types_are_skipped_and_kept() {
    let (_dir, path) = tmp();
    write_log(&path, &[review(1, 1, "d/a")]);
    let future = r#"{"id":"00000000000000ff","time":"2030-01-01T00:00:00Z","type":"relabel","card":"d/a","new_field":[1,2]}"#;
    let mut content = fs::read_to_string(&path).unwrap();
    content.push_str(future);
    content.push('\n');
    fs::write(&path, &content).unwrap();
    let mut opened = Store::open(&path).unwrap();
    assert_eq!(opened.events.len(), 1);
    assert!(
        opened.warnings[0].contains("\"relabel\""),
        "{:?}",
        opened.warnings
    );
    opened.store.append(&review(2, 2, "d/b")).unwrap();
    drop(opened);
    assert!(fs::read_to_string(&path).unwrap().contains(future));

    let (_d2, other) = tmp();
    write_log(&other, &[review(3, 3, "d/c")]);
    merge(&other, &path).unwrap();
    assert!(
        fs::read_to_string(&other).unwrap().contains(future),
        "merge keeps it verbatim"
    );
}

#[test]
fn id_gen_differs_as_the_log_grows() {
    let (_dir, path) = tmp();
    let mut opened = Store::open(&path).unwrap();
    let a = opened.store.id_gen(7, 9).next();
    opened.store.append(&review(a.as_u64(), 1, "d/a")).unwrap();
    assert_ne!(opened.store.id_gen(7, 9).next(), a);
}

// ---- merge ----

#[test]
fn merge_adds_new_events_in_time_order_and_is_idempotent() {
    let (_d1, a) = tmp();
    let (_d2, b) = tmp();
    write_log(&a, &[review(1, 10, "d/a"), review(2, 30, "d/a")]);
    write_log(&b, &[review(2, 30, "d/a"), review(3, 20, "d/b")]);
    let r = merge(&a, &b).unwrap();
    assert_eq!((r.added, r.already), (1, 1));
    let ids: Vec<u64> = read(&a).unwrap().0.iter().map(|e| e.id.as_u64()).collect();
    assert_eq!(ids, [1, 3, 2]);
    let once = fs::read(&a).unwrap();
    let r = merge(&a, &b).unwrap();
    assert_eq!((r.added, r.already), (0, 2));
    assert_eq!(fs::read(&a).unwrap(), once);
    // No temporary file of the rewrite is left beside the log.
    let left: Vec<_> = fs::read_dir(a.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn merge_refuses_conflicts_and_damage_without_writing() {
    let (_d1, a) = tmp();
    let (_d2, b) = tmp();
    write_log(&a, &[review(1, 10, "d/a")]);
    write_log(&b, &[review(1, 10, "d/other")]);
    let before = fs::read(&a).unwrap();
    let err = merge(&a, &b).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                first_line: 2,
                second_line: 2,
                ..
            }
        ),
        "{err}"
    );
    fs::write(
        &b,
        format!("{HEADER}\nnot json\n{}\n", review(5, 1, "d/x").to_line()),
    )
    .unwrap();
    assert!(matches!(merge(&a, &b), Err(StoreError::Corrupt { line: 2, .. })));
    fs::write(&b, "plain text\n").unwrap();
    assert!(matches!(merge(&a, &b), Err(StoreError::NotDeckard { .. })));
    assert_eq!(fs::read(&a).unwrap(), before);
}

#[test]
fn merge_into_a_missing_log_creates_it() {
    let (_d1, a) = tmp();
    let (_d2, b) = tmp();
    write_log(&b, &[review(1, 10, "d/a")]);
    assert_eq!(merge(&a, &b).unwrap().added, 1);
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
}

#[cfg(unix)]
#[test]
fn merge_keeps_mode_and_follows_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, a) = tmp();
    let (_d2, b) = tmp();
    write_log(&a, &[review(1, 10, "d/a")]);
    write_log(&b, &[review(2, 5, "d/a")]);
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&a, &link).unwrap();
    merge(&link, &b).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(read(&a).unwrap().0.len(), 2);
    assert_eq!(fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
}

fn arb_events() -> impl Strategy<Value = Vec<Event>> {
    // Few ids and times, so overlaps and equal times are common. The content is a function of
    // the id, so a shared id never conflicts.
    prop::collection::vec(0u64..40, 0..25).prop_map(|ids| {
        ids.into_iter()
            .map(|id| {
                let mut e = review(id, id as i64 % 7, "d/c");
                if let EventBody::Review(r) = &mut e.body {
                    r.rating = (id % 4) as u8 + 1;
                    r.ms = id;
                }
                e
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn merge_is_commutative_and_idempotent(a in arb_events(), b in arb_events()) {
        let (_d1, pa) = tmp();
        let (_d2, pb) = tmp();
        write_log(&pa, &a);
        write_log(&pb, &b);
        let (_d3, pa2) = tmp();
        let (_d4, pb2) = tmp();
        fs::create_dir_all(pa2.parent().unwrap()).unwrap();
        fs::create_dir_all(pb2.parent().unwrap()).unwrap();
        fs::copy(&pa, &pa2).unwrap();
        fs::copy(&pb, &pb2).unwrap();

        merge(&pa, &pb).unwrap();   // a ∪ b
        merge(&pb2, &pa2).unwrap(); // b ∪ a
        let ab = fs::read(&pa).unwrap();
        prop_assert_eq!(&ab, &fs::read(&pb2).unwrap());
        let r = merge(&pa, &pb).unwrap();
        prop_assert_eq!(r.added, 0);
        prop_assert_eq!(&ab, &fs::read(&pa).unwrap());

        let mut want: Vec<EventId> = a.iter().chain(&b).map(|e| e.id).collect();
        want.sort();
        want.dedup();
        let (events, _) = read(&pa).unwrap();
        let mut got: Vec<EventId> = events.iter().map(|e| e.id).collect();
        prop_assert!(events.windows(2).all(|w| (w[0].time, w[0].id) < (w[1].time, w[1].id)));
        got.sort();
        prop_assert_eq!(got, want);
    }
}

// ---- side files and permissions (issue 14) ----

/// On main a symlinked `<log>.lock` was followed: its target was truncated and overwritten
/// with `{"pid":…}`.
#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_is_refused_and_its_target_untouched() {
    let (dir, path) = tmp();
    write_log(&path, &[]);
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("sub/dir/progress.jsonl.lock")).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
}

/// On main a symlinked `<log>.rejected` received the torn bytes of the log.
#[cfg(unix)]
#[test]
fn a_symlinked_rejected_file_is_refused_and_its_target_untouched() {
    let (dir, path) = tmp();
    write_log(&path, &[review(1, 1, "d/a")]);
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"id\":\"00");
    fs::write(&path, &bytes).unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, rejected(&path)).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(fs::read(&path).unwrap(), bytes, "the log is left as it was");
}

/// On main a log readable by others stayed so, silently.
#[cfg(unix)]
#[test]
fn a_log_others_can_read_is_made_private_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = tmp();
    write_log(&path, &[]);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let opened = Store::open(&path).unwrap();
    assert!(opened.warnings[0].contains("mode 0644"), "{:?}", opened.warnings);
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    drop(opened);
    assert!(Store::open(&path).unwrap().warnings.is_empty());
}

/// On main a merge killed midway left a full-size `.merging` behind for good.
#[test]
fn a_killed_merges_leftover_is_removed_on_the_next_open() {
    let (_dir, path) = tmp();
    write_log(&path, &[review(1, 1, "d/a")]);
    let leftover = {
        let mut name = path.as_os_str().to_owned();
        name.push(".merging");
        PathBuf::from(name)
    };
    fs::copy(&path, &leftover).unwrap();
    // What a merge killed today leaves: the atomic writer's temporary file.
    let temp = path.with_file_name(".progress.jsonl.4242.0.tmp");
    fs::copy(&path, &temp).unwrap();
    let unrelated = path.with_file_name(".progress.jsonl.notes.tmp");
    fs::write(&unrelated, "mine").unwrap();
    let opened = Store::open(&path).unwrap();
    assert!(!leftover.exists() && !temp.exists());
    assert!(
        unrelated.exists(),
        "only the writer's own temporary names are removed"
    );
    assert!(
        opened.warnings[0].contains("interrupted"),
        "{:?}",
        opened.warnings
    );
    assert_eq!(opened.events.len(), 1);
}

/// On main a symlinked `<log>.merging` received the merged log, and the log path became that
/// symlink. Now merges write a fresh temporary file (created exclusively, never through a
/// link), and a planted `.merging` link is removed, its target untouched.
#[cfg(unix)]
#[test]
fn a_symlinked_merging_file_is_never_written_through() {
    let (dir, a) = tmp();
    let (_d2, b) = tmp();
    write_log(&a, &[review(1, 10, "d/a")]);
    write_log(&b, &[review(2, 20, "d/b")]);
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let planted = {
        let mut name = a.as_os_str().to_owned();
        name.push(".merging");
        PathBuf::from(name)
    };
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let report = merge(&a, &b).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!fs::symlink_metadata(&a).unwrap().file_type().is_symlink());
    assert!(
        fs::symlink_metadata(&planted).is_err(),
        "the planted link is gone"
    );
    assert_eq!(read(&a).unwrap().0.len(), 2);
}
