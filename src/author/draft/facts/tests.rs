use super::*;
use crate::author::draft::acronyms::{Acronym, acronyms};
use crate::author::draft::zh::chinese_facts;

fn spans(s: &str) -> Vec<(&str, FactKind)> {
    facts(s).iter().map(|f| (&s[f.start..f.end], f.kind)).collect()
}

#[test]
fn dates_years_and_numbers() {
    let s = "On June 15, 2001, six heads of state met in Shanghai and 14,800 people from 43 countries trained in 2002.";
    assert_eq!(
        spans(s),
        [
            ("June 15, 2001", FactKind::Date),
            ("14,800", FactKind::Number),
            ("43", FactKind::Number),
            ("six", FactKind::Number),
            ("Shanghai", FactKind::Place),
            ("2002", FactKind::Year),
        ]
    );
    assert_eq!(facts(s)[1].accept, ["14800"]);
    assert_eq!(
        spans("It covers about 10 500 square meters and US$17.14 billion, 15% more."),
        [
            ("10 500", FactKind::Number),
            ("US$17.14 billion", FactKind::Number),
            ("15%", FactKind::Number),
        ]
    );
    assert_eq!(
        spans("On 12 April 2005 it met."),
        [("12 April 2005", FactKind::Date)]
    );
    assert_eq!(
        spans("Held in Qingdao on June 9-10, 2018."),
        [("June 9-10, 2018", FactKind::Date), ("Qingdao", FactKind::Place)]
    );
}

#[test]
fn people_after_roles_and_no_ids() {
    assert_eq!(
        spans(
            "The document was signed by SCO Secretary-General Rashid Alimov and ICRC Vice President Christine Beerli."
        ),
        [
            ("Rashid Alimov", FactKind::Person),
            ("Christine Beerli", FactKind::Person)
        ]
    );
    assert_eq!(
        spans("said Deng Hao, Secretary-General of the Center."),
        [("Deng Hao", FactKind::Person)]
    );
    assert!(spans("Resolution A/RES/59/48 (agenda item 151) of COVID-19 fame").is_empty());
    assert_eq!(
        spans("the 21st Meeting of the Council"),
        [("21st", FactKind::Ordinal)]
    );
}

#[test]
fn acronyms_with_expansions() {
    let a = acronyms(
        "The Shanghai Cooperation Organization (SCO) and the UN Economic and Social Commission for Asia and the Pacific (ESCAP) and the Chongyang Institute of Renmin University (RDCY).",
    );
    assert_eq!(
        a,
        [
            Acronym {
                short: "SCO".into(),
                long: "Shanghai Cooperation Organization".into()
            },
            Acronym {
                short: "ESCAP".into(),
                long: "Economic and Social Commission for Asia and the Pacific".into()
            },
        ]
    );
}

#[test]
fn chinese_dates_and_counts() {
    let s = "上海合作组织于2001年6月15日在上海成立,目前有6个观察员国。";
    let f: Vec<&str> = chinese_facts(s).iter().map(|f| &s[f.start..f.end]).collect();
    assert_eq!(f, ["2001年6月15日", "6"]);
}
