//! Judge benchmarks: a typical answer, a long list, a long text, and 1 MB of hostile input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use deckard::answer::judge;
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

criterion_group!(judge_benches, benches);
criterion_main!(judge_benches);
