//! Judge benchmarks: a typical answer, a long list, a long text, 1 MB of hostile input, and
//! cards of 100,000 items or pairs (the self-check `deckard check` runs, and a misspelt answer,
//! where each typed piece is picked among 100,000 targets).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::answer::{judge, self_check};
use deckard::deck::{Alternatives, Answer, Card, Kind, Pos};

fn card(kind: Kind, answer: Answer) -> Card {
    Card {
        id: "bench".into(),
        note_id: "bench".into(),
        kind,
        prompt: "?".into(),
        answer,
        tags: vec![],
        sources: vec![],
        note: None,
        origin: None,
        strict: false,
        graded: vec![],
        distractors: vec![],
        renamed_from: vec![],
        explain: None,
        hint: None,
        draft: false,
        pos: Pos::default(),
    }
}

fn benches(c: &mut Criterion) {
    let text = card(
        Kind::Text,
        Answer::Text(Alternatives {
            answer: "Kyrgyzstan".into(),
            accept: vec!["Kyrgyz Republic".into()],
        }),
    );
    let date = card(
        Kind::Text,
        Answer::Text(Alternatives {
            answer: "15 June 2001".into(),
            accept: vec![],
        }),
    );
    let names: Vec<String> = (0..100).map(|i| format!("Member state number {i}")).collect();
    let long_list = card(
        Kind::List,
        Answer::List {
            items: names
                .iter()
                .map(|n| Alternatives {
                    answer: n.clone(),
                    accept: vec![],
                })
                .collect(),
            ordered: true,
        },
    );
    let typed_list = names
        .iter()
        .rev()
        .map(|n| n.replace("number", "numbr"))
        .collect::<Vec<_>>()
        .join(", ");
    let long_answer =
        "The Shanghai Cooperation Organisation is a permanent intergovernmental organisation ".repeat(20);
    let long_text = card(
        Kind::Text,
        Answer::Text(Alternatives {
            answer: long_answer.clone(),
            accept: vec![],
        }),
    );
    let hostile = "\x1b[31m,a and ".repeat((1 << 20) / 12);
    let founders = card(
        Kind::List,
        Answer::List {
            items: [
                "China",
                "Russia",
                "Kazakhstan",
                "Kyrgyzstan",
                "Tajikistan",
                "Uzbekistan",
            ]
            .iter()
            .map(|s| Alternatives {
                answer: s.to_string(),
                accept: vec![],
            })
            .collect(),
            ordered: false,
        },
    );

    c.bench_function("typical text answer (one typo)", |b| {
        b.iter(|| judge(black_box(&text), black_box("Kyrgystan")))
    });
    c.bench_function("typical date answer", |b| {
        b.iter(|| judge(black_box(&date), black_box("June 15, 2001")))
    });
    c.bench_function("six founders list", |b| {
        b.iter(|| {
            judge(
                black_box(&founders),
                black_box("china, russia, kazakstan, kyrgyzstan, tajikistan and uzbekistan"),
            )
        })
    });
    c.bench_function("long ordered list (100 items, typos, reversed)", |b| {
        b.iter(|| judge(black_box(&long_list), black_box(&typed_list)))
    });
    let mut typo_text = long_answer.clone();
    typo_text.replace_range(10..11, "x");
    c.bench_function("long text (1.7 kB)", |b| {
        b.iter(|| judge(black_box(&long_text), black_box(&typo_text)))
    });
    c.bench_function("1 MB hostile input on a list", |b| {
        b.iter(|| judge(black_box(&founders), black_box(&hostile)))
    });
    c.bench_function("1 MB hostile input on a text", |b| {
        b.iter(|| judge(black_box(&text), black_box(&hostile)))
    });
}

/// `item aaaaa`, `item baaaa`…: letters only, so that no digits narrow the search for a typo.
fn letters_name(i: usize) -> String {
    let mut s = String::from("item ");
    let mut n = i;
    for _ in 0..5 {
        s.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    s
}

fn large(c: &mut Criterion) {
    const N: usize = 100_000;
    let names: Vec<String> = (0..N).map(letters_name).collect();
    let list = card(
        Kind::List,
        Answer::List {
            items: names
                .iter()
                .map(|n| Alternatives {
                    answer: n.clone(),
                    accept: vec![],
                })
                .collect(),
            ordered: false,
        },
    );
    let pairs = card(
        Kind::Match,
        Answer::Match(names.iter().map(|n| (n.clone(), n.to_uppercase())).collect()),
    );
    // 256 pieces, each one letter off an item or two, and one in five the item itself.
    let misspelt = (0..256)
        .map(|i| {
            let mut s = letters_name(i * 389);
            match i % 5 {
                0 => {}
                1 | 2 => s.replace_range(6..7, "q"),
                _ => s.insert(8, 'z'),
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut g = c.benchmark_group("100k");
    g.sample_size(10);
    g.bench_function("self-check of a list card of 100k items", |b| {
        b.iter(|| self_check(black_box(&list)))
    });
    g.bench_function("self-check of a match card of 100k pairs", |b| {
        b.iter(|| self_check(black_box(&pairs)))
    });
    g.bench_function("256 misspelt pieces against 100k items", |b| {
        b.iter(|| judge(black_box(&list), black_box(&misspelt)))
    });
    g.finish();
}

criterion_group!(judge_benches, benches, large);
criterion_main!(judge_benches);
