//! Currencies written with a number: before it (`US$244.85bn`, `RMB 457.24 billion`, `€5`) or
//! after it (`244.85 billion US dollars`, `457.24 billion yuan`), each read as its code.

/// Currency names written before or after a number, and the code they stand for.
const CURRENCIES: [(&str, &str); 22] = [
    ("us$", "usd"),
    ("us dollars", "usd"),
    ("us dollar", "usd"),
    ("usd", "usd"),
    ("dollars", "usd"),
    ("dollar", "usd"),
    ("$", "usd"),
    ("rmb", "cny"),
    ("cny", "cny"),
    ("yuan", "cny"),
    ("renminbi", "cny"),
    ("元", "cny"),
    ("人民币", "cny"),
    ("美元", "usd"),
    ("¥", "cny"),
    ("eur", "eur"),
    ("euros", "eur"),
    ("euro", "eur"),
    ("€", "eur"),
    ("gbp", "gbp"),
    ("£", "gbp"),
    ("pounds", "gbp"),
];

/// The currency code of a unit (`usd` for `US dollars`), if it is a currency.
pub fn currency(unit: &str) -> Option<&'static str> {
    CURRENCIES.iter().find(|(n, _)| *n == unit).map(|(_, c)| *c)
}

/// A currency written before the number (`US$`, `RMB `, `€`) → its code and the rest.
pub(super) fn currency_prefix(s: &str) -> Option<(&'static str, &str)> {
    CURRENCIES.iter().find_map(|(name, code)| {
        let rest = s.strip_prefix(name)?;
        // `rmb457` and `rmb 457` both; but `dollars` is no prefix of `dollarsigns`.
        let next = rest.chars().next()?;
        let glued_ok = !name.chars().all(|c| c.is_ascii_alphabetic()) || !next.is_alphabetic();
        glued_ok.then_some((*code, rest.trim_start()))
    })
}
