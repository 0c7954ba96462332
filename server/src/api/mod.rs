//! The JSON APIs. v2 is the read API, compatible with Atlassian Statuspage's; it answers at the
//! host root (`/api/v2/...`) as Statuspage's does, for any origin. v1 is Beacon's own write API,
//! for scripts and alerting with a token.

pub mod v1;
pub(crate) mod v2;

use crate::state::AppState;
use axum::Router;

pub fn routes(state: &AppState) -> Router<AppState> {
    v2::routes().merge(v1::routes(state))
}
