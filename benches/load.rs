//! Loading and validating 100,000 cards across 100 deck files (issue 2).

use std::fmt::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};

/// Writes `files` deck files of `per_file` cards (a mix of kinds) into `dir`.
fn write_decks(dir: &std::path::Path, files: usize, per_file: usize) {
    for f in 0..files {
        let mut s = format!(
            "[deck]\nid = \"deck-{f}\"\ntitle = \"Deck {f}\"\nsources = [{{ id = \"doc\", title = \"Doc\", as_of = 2019-07-11 }}]\n"
        );
        for c in 0..per_file {
            let _ = match c % 5 {
                0 => write!(
                    s,
                    "\n[[card]]\nid = \"c{c}\"\nq = \"In which city was organisation {c} founded?\"\na = \"Shanghai\"\naccept = [\"Shang-hai\"]\nsource = \"doc\"\ntags = [\"founding\", \"y2001\"]\n"
                ),
                1 => write!(
                    s,
                    "\n[[card]]\nid = \"c{c}\"\nq = \"How many members did it have in {c}?\"\na = {c}\ntolerance = 1\n"
                ),
                2 => write!(
                    s,
                    "\n[[card]]\nid = \"c{c}\"\nq = \"Which one is right ({c})?\"\nchoices = [\"Peace Hotel\", \"Shangri-La Hotel\", \"Jin Jiang Hotel\"]\na = \"Shangri-La Hotel\"\n"
                ),
                3 => write!(
                    s,
                    "\n[[card]]\nid = \"c{c}\"\nq = \"Name the founders ({c}).\"\na = [\"China\", \"Russia\", \"Kazakhstan\", \"Kyrgyzstan\", \"Tajikistan\", \"Uzbekistan\"]\n"
                ),
                _ => write!(
                    s,
                    "\n[[card]]\nid = \"c{c}\"\ncloze = \"Card {c}: founded in {{{{Shanghai}}}} in {{{{2001}}}}.\"\nexplain = \"Some context for the learner.\"\n"
                ),
            };
        }
        std::fs::write(dir.join(format!("deck-{f}.toml")), s).expect("write deck");
    }
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_decks(dir.path(), 100, 1000);
    let paths = vec![dir.path().to_path_buf()];
    let lib = deckard::deck::load_paths(&paths);
    assert!(!lib.has_errors());
    assert_eq!(lib.card_count(), 100 * (800 + 400));
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("100k_cards_100_files", |b| {
        b.iter(|| deckard::deck::load_paths(&paths))
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
