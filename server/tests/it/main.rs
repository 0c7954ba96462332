//! Every integration test in one binary (one link instead of nineteen), one module per area.

mod common;
mod peers;
mod process;

mod admin_accounts;
mod admin_auth;
mod admin_components;
mod admin_guard;
mod admin_incidents;
mod admin_maintenance;
mod admin_subscribers;
mod admin_tokens;
mod api_subscribers;
mod api_v1;
mod api_v2;
mod backup;
mod badges;
mod cli;
mod connections;
mod durability;
mod feeds;
mod health;
mod hostile_input;
mod instances;
mod live;
mod logs;
mod metrics;
mod notify_email;
mod notify_journey;
mod notify_webhooks;
mod public_cache;
mod public_pages;
mod resilience;
mod security_headers;
mod subscribe_pages;
