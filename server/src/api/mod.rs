//! The JSON APIs. v2 is the read API, compatible with Atlassian Statuspage's; it answers at the
//! host root (`/api/v2/...`) as Statuspage's does, for any origin.

mod v2;

use crate::http::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    v2::routes()
}
