//! The backup's table list against the schema of both engines.

use super::*;
use crate::store_test;

async fn every_table_is_exported_or_skipped(store: Store) {
    let mut conn = store.pool().acquire().await.unwrap();
    let names = schema::table_names(&mut conn, store.engine()).await.unwrap();
    schema::check_coverage(&names).unwrap_or_else(|e| panic!("{e}"));
    for (name, _) in SKIPPED {
        assert!(names.iter().any(|n| n == name), "{name} is listed as skipped but is not in the schema");
    }
    for name in EXPORTED {
        let table = schema::describe(&mut conn, store.engine(), name).await.unwrap();
        let other = table.columns.iter().find(|c| matches!(c.kind, schema::Kind::Other(_)));
        assert!(other.is_none(), "{name}.{:?} has a type the export cannot carry", other.map(|c| &c.name));
    }
}
store_test!(table_list, every_table_is_exported_or_skipped);
