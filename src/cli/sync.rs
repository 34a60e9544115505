//! `deckard sync status` and `deckard progress migrate`: the progress folder shared by several
//! devices, as seen from this one.

use std::path::Path;

use deckard::sanitize::escape;
use deckard::store::{self, Folder, ProgressSource};

use crate::cli::ctx::{Ctx, device_id, is_folder};
use crate::cli::error::CliError;
use crate::cli::out::{outln, proseln, warn};

fn shown(path: &Path) -> String {
    escape(&path.display().to_string()).into_owned()
}

/// `deckard sync status`.
pub fn status(ctx: &Ctx) -> Result<(), CliError> {
    let ProgressSource::Folder(folder) = &ctx.source else {
        proseln!(
            "progress is a single log, {}, which only this device uses",
            shown(&ctx.progress)
        );
        proseln!("to study on several devices, move it into a synced folder: deckard progress migrate DIR/");
        return Ok(());
    };
    let read = folder.read()?;
    outln!("progress folder: {}", shown(folder.dir()));
    outln!("this device: {}", folder.device());
    // A device to two lines, so the list fits 50 columns.
    outln!();
    outln!("devices:");
    for d in &read.devices {
        let name = format!("{}{}", d.device, if d.own { " (this)" } else { "" });
        match d.last {
            Some((time, _, kind)) => {
                outln!("  {name}: {} event(s)", d.events);
                outln!("    last: {} ({kind})", time.strftime("%Y-%m-%d %H:%M:%S UTC"));
            }
            None if d.own && !d.path.exists() => {
                proseln!("  {name}: no file yet (made when this device first writes)")
            }
            None => outln!("  {name}: {} event(s)", d.events),
        }
    }
    outln!();
    outln!(
        "{} event(s) in all{}",
        read.events.len(),
        match read.repeated {
            0 => String::new(),
            n => format!(", {n} found in more than one file and counted once"),
        }
    );
    let unread: Vec<String> = read
        .devices
        .iter()
        .flat_map(|d| {
            d.unread.iter().map(move |u| {
                let what = match u {
                    store::Unread::Torn { .. } if d.own => {
                        format!(
                            "{}; cut short by a crash, repaired when this device next studies",
                            u.describe()
                        )
                    }
                    store::Unread::Torn { .. } => {
                        format!("{}; read once the sync tool has copied the rest", u.describe())
                    }
                    _ if u.blocks_writing() => format!(
                        "{}; this device will not write until it can read it",
                        u.describe()
                    ),
                    _ => u.describe(),
                };
                format!("{}: {}", shown(&d.path), escape(&what))
            })
        })
        .collect();
    if unread.is_empty() {
        outln!("unread: nothing");
    } else {
        outln!("unread:");
        for u in &unread {
            proseln!("  {u}");
        }
    }
    for p in &read.ignored {
        proseln!(
            "not a device log, not read: {} (a sync tool's conflict copy? merge it with `deckard merge` if it holds answers)",
            shown(p)
        );
    }
    let settings = folder.settings_path();
    if settings.exists() {
        outln!("shared settings: {}", shown(&settings));
    } else {
        proseln!(
            "shared settings: none ({} is missing, so every device uses the defaults)",
            shown(&settings)
        );
    }
    // One warning for all of them: an Anki import alone can leave a dozen.
    let file = ctx.config.as_deref().map_or_else(|| "config.toml".into(), shown);
    match ctx.overridden.as_slice() {
        [] => {}
        [key] => warn(&format!(
            "{file}: `{key}` is ignored: in a progress folder every device uses the value of {}, so that all compute the same card states; move it there",
            shown(&settings)
        )),
        keys => warn(&format!(
            "{file}: {} settings are ignored ({}): in a progress folder every device uses the values of {}, so that all compute the same card states; move them there",
            keys.len(),
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
            shown(&settings)
        )),
    }
    Ok(())
}

/// `deckard progress migrate DIR/`.
pub fn migrate(ctx: &Ctx, dir: &Path) -> Result<(), CliError> {
    let ProgressSource::File(log) = &ctx.source else {
        return Err(CliError::input("progress is already kept in a progress folder")
            .hint("`deckard sync status` shows it; to bring in another log, use `deckard merge FILE`"));
    };
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::usage(format!("{} is a file, not a folder", shown(dir)))
            .hint("name the folder to keep one progress log per device in, e.g. ~/Sync/deckard/"));
    }
    if !log.exists() {
        return Err(
            CliError::input(format!("there is no progress log at {} to move", shown(log))).hint(
                "to start with a folder, set progress = \"DIR/\" in config.toml or pass --progress DIR/",
            ),
        );
    }
    let abs = std::path::absolute(dir).map_err(|e| CliError::io(dir, &e))?;
    let folder = Folder::new(abs.clone(), device_id()?);
    let done = store::migrate(log, &folder)?;
    for w in &done.warnings {
        warn(w);
    }
    outln!(
        "moved {} event(s) into {}, this device's log in the folder",
        done.events,
        shown(&done.into)
    );
    outln!("the old log is kept as {} (nothing reads it)", shown(&done.kept));
    let mut text = abs.display().to_string();
    if !is_folder(Path::new(&text)) || !text.ends_with('/') {
        text.push('/');
    }
    match &ctx.config {
        Some(config) => {
            let pointed = deckard::config::point_at_folder(config, &text, &folder.settings_path())
                .map_err(|e| CliError::input(e.to_string()))?;
            outln!("{} now says progress = \"{}\"", shown(config), escape(&text));
            if !pointed.moved.is_empty() {
                outln!(
                    "moved the shared settings {} into {}",
                    pointed.moved.join(", "),
                    shown(&folder.settings_path())
                );
            }
            for key in &pointed.left {
                warn(&format!(
                    "{}: `{key}` stays but is ignored: {} already holds the settings every device shares",
                    shown(config),
                    shown(&folder.settings_path())
                ));
            }
        }
        None => warn(&format!(
            "no settings file to record the folder in: pass --progress {} from now on",
            escape(&text)
        )),
    }
    Ok(())
}
