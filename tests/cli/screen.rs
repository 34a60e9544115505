//! The loop as a learner sees it: a pseudo-terminal 50 columns wide, its output fed through a
//! terminal emulator (vt100), and the screen checked: wrapping at word boundaries, the header
//! on one line, and a quiz countdown rewritten in place while the question stays visible.

use rexpect::session::{PtySession, spawn_command};

use crate::common::Env;

const COLS: u16 = 50;
const ROWS: u16 = 24;

/// rexpect hands output over one byte per `char`: the bytes back, for the emulator.
fn bytes(s: &str) -> Vec<u8> {
    s.chars().map(|c| c as u32 as u8).collect()
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("not zero")
}

/// A pty session whose output is also played into a terminal emulator.
struct Screen {
    pty: PtySession,
    vt: vt100::Parser,
}

impl Screen {
    /// Starts deckard on a pty of 50×24 (`stty` sets the size before deckard runs).
    fn start(env: &Env, args: &[&str]) -> Screen {
        let bin = assert_cmd::cargo::cargo_bin!("deckard");
        let mut cmd = env.std_cmd();
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        cmd.env("TERM", "xterm");
        let script = format!(
            "stty cols {COLS} rows {ROWS}; exec '{}' {}",
            bin.display(),
            quoted.join(" ")
        );
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c").arg(script);
        sh.env_clear();
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                sh.env(k, v);
            }
        }
        sh.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        if let Some(dir) = cmd.get_current_dir() {
            sh.current_dir(dir);
        }
        Screen {
            pty: spawn_command(sh, Some(15_000)).expect("spawn on a pty"),
            vt: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
        }
    }

    /// Waits for `needle`, playing everything up to it into the emulator.
    fn expect(&mut self, needle: &str) {
        let before = self
            .pty
            .exp_string(needle)
            .unwrap_or_else(|e| panic!("{needle}: {e}\n{}", self.text()));
        self.vt.process(&bytes(&before));
        self.vt.process(&bytes(needle));
    }

    /// Waits for a regex, playing everything up to its end into the emulator.
    fn expect_regex(&mut self, re: &str) {
        let (before, m) = self
            .pty
            .exp_regex(re)
            .unwrap_or_else(|e| panic!("{re}: {e}\n{}", self.text()));
        self.vt.process(&bytes(&before));
        self.vt.process(&bytes(&m));
    }

    fn send_line(&mut self, line: &str) {
        self.pty.send_line(line).unwrap();
    }

    /// The rows of the screen, trailing spaces trimmed.
    fn rows(&self) -> Vec<String> {
        self.vt
            .screen()
            .rows(0, COLS)
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    fn text(&self) -> String {
        self.rows().join("\n")
    }
}

const LONG: &str = "Which body, created at the 2001 founding summit in Shanghai, coordinates the fight against terrorism, separatism and extremism?";

fn deck(env: &Env) -> std::path::PathBuf {
    env.write(
        "w.toml",
        format!(
            "[deck]\nid = \"w\"\ntitle = \"Wrapping at fifty columns, with a long deck title\"\n\
             [[card]]\nid = \"long\"\nq = \"{LONG}\"\na = \"RATS\"\n\
             [[card]]\nid = \"zh\"\nq = \"上海合作组织成立于哪一年？上海合作组织成立于哪一年？上海合作组织成立于哪一年？\"\na = 2001\n"
        ),
    )
}

#[test]
fn a_study_session_at_50_columns_wraps_at_word_boundaries() {
    let env = Env::new();
    let d = deck(&env);
    let mut s = Screen::start(&env, &["--decks", d.to_str().unwrap(), "study"]);
    s.expect("> ");
    let rows = s.rows();
    // The header is one line: the deck title gives way to the counts.
    let header = rows.iter().find(|r| r.starts_with("──")).expect("header").clone();
    assert!(header.ends_with("· #1 · 0 due · 2 new ──"), "{header}");
    assert!(header.contains('…'), "{header}");
    // The question wraps between words, never inside one.
    let at = rows
        .iter()
        .position(|r| r.starts_with("Which body"))
        .expect("question");
    let wrapped: Vec<&str> = rows[at..]
        .iter()
        .take_while(|r| !r.is_empty() && !r.starts_with('>'))
        .map(String::as_str)
        .collect();
    assert_eq!(wrapped.join(" "), LONG, "{}", s.text());
    assert!(
        wrapped.len() >= 3 && wrapped.iter().all(|r| r.chars().count() <= 50),
        "{wrapped:?}"
    );
    s.send_line("RATS");
    s.expect("rate (Enter = good) > ");
    s.send_line("");
    // The Chinese question: each character two cells, so at most 25 to a row.
    s.expect("#2");
    s.expect("> ");
    let rows = s.rows();
    let zh: Vec<&String> = rows.iter().filter(|r| r.contains('上')).collect();
    assert_eq!(zh.len(), 2, "{}", s.text());
    assert!(zh.iter().all(|r| unicode_cells(r) <= 50), "{zh:?}");
    s.send_line(":help");
    s.expect("retype.");
    assert!(s.rows().iter().all(|r| unicode_cells(r) <= 50));
    s.send_line(":quit");
    s.expect("Session summary");
    s.pty.exp_eof().unwrap();
}

fn unicode_cells(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{2E80}'..='\u{FFEF}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn the_quiz_countdown_updates_in_place_and_the_question_stays_visible() {
    let env = Env::new();
    let d = deck(&env);
    let mut s = Screen::start(
        &env,
        &[
            "--decks",
            d.to_str().unwrap(),
            "quiz",
            "--count",
            "1",
            "--kinds",
            "text",
            "--per-question",
            "4s",
        ],
    );
    s.expect("0:04 left");
    s.expect_regex(r"0:0[12] left");
    s.expect_regex(r"0:0[01] left");
    s.expect("> ");
    let rows = s.rows();
    let clocks: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].starts_with('⏱')).collect();
    assert_eq!(clocks.len(), 1, "one status line, rewritten:\n{}", s.text());
    assert!(rows.iter().any(|r| r.starts_with("Which body")), "{}", s.text());
    // The prompt, right under the status line, holds no frozen clock.
    assert_eq!(rows[clocks[0] + 1], ">", "{}", s.text());
    s.expect("press Enter");
    s.send_line("");
    s.expect("Quiz report");
    s.pty.exp_eof().unwrap();
}

#[test]
fn when_the_whole_quiz_times_out_the_report_needs_no_enter() {
    let env = Env::new();
    let d = deck(&env);
    let mut s = Screen::start(
        &env,
        &[
            "--decks",
            d.to_str().unwrap(),
            "quiz",
            "--count",
            "1",
            "--kinds",
            "text",
            "--time",
            "2s",
        ],
    );
    s.expect("time's up");
    // Nothing is sent: the report follows and deckard exits.
    s.expect("Quiz report");
    s.expect("score:");
    s.pty.exp_eof().unwrap();
}

#[test]
fn decks_fit_50_columns() {
    let env = Env::new();
    let mut s = Screen::start(&env, &["decks"]);
    let rest = s.pty.exp_eof().unwrap();
    s.vt.process(&bytes(&rest));
    let rows = s.rows();
    let table: Vec<&String> = rows.iter().filter(|r| !r.is_empty()).collect();
    // One row a deck, none wrapped: each starts with the header or a deck id, and says where
    // the deck comes from.
    assert!(table.len() >= 15, "{}", s.text());
    assert!(table[0].starts_with("deck "), "{}", s.text());
    assert!(
        table[1..]
            .iter()
            .all(|r| r.starts_with("sco-") && r.ends_with("bundled")),
        "{}",
        s.text()
    );
}

/// Regression: the countdown's tick rewrote whatever line sat above the prompt, so the reason
/// for asking again ("'zz' names no choice…") vanished a second after it was printed.
#[test]
fn the_reason_to_ask_again_survives_the_countdown() {
    let env = Env::new();
    let d = env.write(
        "c.toml",
        "[deck]\nid = \"c\"\ntitle = \"Choices\"\n[[card]]\nid = \"pick\"\nq = \"Pick one.\"\n\
         choices = [\"first\", \"second\", \"third\"]\na = \"first\"\n",
    );
    let mut s = Screen::start(
        &env,
        &["--decks", d.to_str().unwrap(), "quiz", "--per-question", "8s"],
    );
    s.expect("0:08 left");
    s.send_line("zz");
    s.expect("names no choice");
    // Ticks later the reason is still there, and the status line being rewritten is below it.
    s.expect_regex(r"0:0[0-5] left");
    s.expect_regex(r"0:0[0-4] left");
    let rows = s.rows();
    let reason = rows
        .iter()
        .position(|r| r.contains("names no choice"))
        .unwrap_or_else(|| panic!("the reason is gone:\n{}", s.text()));
    let status = rows
        .iter()
        .rposition(|r| r.starts_with('⏱'))
        .unwrap_or_else(|| panic!("no status line:\n{}", s.text()));
    assert!(status > reason, "{}", s.text());
    assert!(
        rows[reason..status].iter().all(|r| !r.starts_with('>')),
        "{}",
        s.text()
    );
    s.send_line("a");
    s.expect("Quiz report");
    s.pty.exp_eof().unwrap();
}

/// Regression: the summary's missed-card line ran past 50 columns and the terminal broke
/// the answer in the middle of a word.
#[test]
fn the_summary_wraps_missed_cards_at_50_columns() {
    let env = Env::new();
    let d = deck(&env);
    let mut s = Screen::start(&env, &["--decks", d.to_str().unwrap(), "study"]);
    s.expect("> ");
    s.send_line("NATO");
    s.expect("rate (Enter = again) > ");
    s.send_line("");
    s.expect("#2");
    s.send_line(":quit");
    s.expect("tomorrow");
    let rows = s.rows();
    let missed = rows
        .iter()
        .position(|r| r == "missed:")
        .unwrap_or_else(|| panic!("no missed list:\n{}", s.text()));
    assert!(rows.iter().all(|r| unicode_cells(r) <= 50), "{}", s.text());
    assert_eq!(
        rows[missed + 1..missed + 3],
        ["  Which body, created at the 2001 founding su…", "  → RATS"],
        "{}",
        s.text()
    );
    s.pty.exp_eof().unwrap();
}

// Before: a review card's choices, "1 again 10m · 2 hard 5.3mo · [3 good 7.4mo] · 4 easy 12.1mo",
// ran past 50 columns and the terminal split "easy" over two rows.
#[test]
fn the_rating_choices_break_between_ratings_at_50_columns() {
    let env = Env::new();
    let d = deck(&env);
    let mut log = String::from("{\"deckard\":\"progress\",\"version\":1}\n");
    for (i, day) in ["2026-01-01", "2026-01-04", "2026-01-20"].iter().enumerate() {
        log.push_str(&format!(
            "{{\"id\":\"{:016x}\",\"time\":\"{day}T09:00:00Z\",\"type\":\"review\",\"card\":\"w/long\",\"rating\":3,\"ms\":1000,\"mode\":\"study\"}}\n",
            i + 1
        ));
    }
    std::fs::write(env.progress(), log).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(env.progress(), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut s = Screen::start(
        &env,
        &[
            "--decks",
            d.to_str().unwrap(),
            "--now",
            "2026-04-01T09:00:00Z",
            "study",
            "--new",
            "0",
        ],
    );
    s.expect("> ");
    s.send_line("RATS");
    s.expect("rate (Enter = good) > ");
    let rows = s.rows();
    let first = rows
        .iter()
        .position(|r| r.starts_with("1 again"))
        .unwrap_or_else(|| panic!("{}", s.text()));
    let choices = rows[first..]
        .iter()
        .take_while(|r| !r.starts_with("rate"))
        .map(|r| r.trim_end().to_string())
        .collect::<Vec<_>>();
    assert!(choices.len() >= 2, "{choices:?}");
    for row in &choices {
        assert!(unicode_cells(row) <= 50, "{choices:?}");
        // Every row starts with a rating's number: none was cut inside.
        assert!(row.starts_with(['1', '2', '3', '4', '[']), "{choices:?}");
    }
    assert!(choices.join(" · ").contains(" · 4 easy "), "{choices:?}");
    s.send_line(":quit");
    s.pty.exp_eof().unwrap();
}

// Before: the Anki import's report ran past 50 columns ("Lang/uages::French",
// "equivale/nt"): it is now wrapped at word boundaries like the study loop.
#[test]
fn the_anki_import_report_wraps_at_50_columns() {
    let env = Env::new();
    let apkg = crate::common::root().join("tests/fixtures/anki/current.apkg");
    let to = env.path("anki");
    let mut s = Screen::start(
        &env,
        &["import", apkg.to_str().unwrap(), "--to", to.to_str().unwrap()],
    );
    s.expect("these decks");
    s.pty.exp_eof().unwrap();
    let rows = s.rows();
    assert!(rows.iter().all(|r| unicode_cells(r) <= 50), "{}", s.text());
    let at = rows
        .iter()
        .position(|r| r.starts_with("decks: added"))
        .unwrap_or_else(|| panic!("{}", s.text()));
    let said = rows[at..]
        .iter()
        .take_while(|r| !r.is_empty())
        .cloned()
        .collect::<Vec<_>>();
    assert!(said.len() >= 2, "{said:?}");
    assert!(
        said.join(" ")
            .ends_with("so study, stats and cards use these decks"),
        "{said:?}"
    );
}

// Before: `deckard cards` printed rows of about 80 columns, which a 50-column terminal broke
// in the middle of the columns; below 72 columns a card now takes two lines.
#[test]
fn the_card_list_takes_two_lines_a_card_at_50_columns() {
    let env = Env::new();
    let mut s = Screen::start(&env, &["cards", "deck:sco-founding"]);
    s.expect("29 card(s)");
    s.pty.exp_eof().unwrap();
    let rows = s.rows();
    assert!(rows.iter().all(|r| unicode_cells(r) <= 50), "{}", s.text());
    let keys: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].starts_with("sco-founding/"))
        .collect();
    assert!(keys.len() >= 5, "{}", s.text());
    for &i in &keys {
        assert!(rows[i].contains(" · new"), "{}", rows[i]);
        assert!(
            rows[i + 1].starts_with("  ") && rows[i + 1].len() > 3,
            "{}",
            s.text()
        );
    }
}

// Before: an error ran past 50 columns and the terminal cut it inside a word.
#[test]
fn an_error_and_its_hint_wrap_between_words_at_50_columns() {
    let env = Env::new();
    let mut s = Screen::start(&env, &["merge", "no-such-progress-log.jsonl"]);
    s.expect("check the path");
    s.pty.exp_eof().unwrap();
    let rows: Vec<String> = s.rows().into_iter().filter(|r| !r.is_empty()).collect();
    assert!(rows.len() >= 3, "{}", s.text());
    assert!(
        rows.iter().all(|r| unicode_cells(r) <= 50 && !r.starts_with(' ')),
        "{}",
        s.text()
    );
    assert_eq!(
        rows.join(" "),
        "deckard: error: cannot open no-such-progress-log.jsonl: No such file or directory (os error 2) hint: check the path"
    );
}
