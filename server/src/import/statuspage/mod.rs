//! `beacon import statuspage`: a Statuspage page's components, groups, incidents (every update,
//! its shown time and component changes), postmortems and maintenance, from an export folder or
//! the manage API, written in one transaction. A run again adds what is new and updates what
//! changed on Statuspage, keyed by Statuspage's ids; anything refused changes nothing.

mod convert;
mod files;
mod manage;
mod wire;

use crate::config::StatuspageImportArgs;
use crate::store::{Actor, ImportCounts, Store};
use crate::Fatal;
use std::collections::BTreeMap;

pub async fn run(args: StatuspageImportArgs) -> Result<(), Fatal> {
    // Read and check everything before the database is opened: a bad file touches nothing.
    let collected = match (&args.dir, &args.url, &args.api_key, &args.page_id) {
        (Some(dir), _, _, _) => files::collect(dir),
        (None, Some(url), Some(key), Some(page_id)) => match manage::Client::new(url, key, page_id) {
            Ok(client) => client.collect().await,
            Err(e) => Err(e),
        },
        _ => Err("give an export folder, or --url, --api-key and --page-id".into()),
    }
    .map_err(Fatal::Usage)?;
    let page = convert::convert(collected).map_err(Fatal::Usage)?;
    let store = Store::connect(args.database.url()).await?;
    let counts = store.import_statuspage(&Actor::System, &page).await.map_err(Fatal::Store)?;
    println!("{}", summary(&counts));
    if counts.was_empty && counts.changed_anything() {
        if let (Some(name), Some(zone)) = (&page.page.name, &page.page.time_zone) {
            println!("the page is named \"{name}\" and shows times in {zone} (change both in /admin/settings)");
        }
    }
    Ok(())
}

fn summary(counts: &ImportCounts) -> String {
    let list = |m: &BTreeMap<&str, u64>| {
        if m.is_empty() {
            "nothing".to_string()
        } else {
            m.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ")
        }
    };
    format!(
        "imported from Statuspage: created {}; updated {}; unchanged {}",
        list(&counts.created),
        list(&counts.updated),
        list(&counts.unchanged)
    )
}
