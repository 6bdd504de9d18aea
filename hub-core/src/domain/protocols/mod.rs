//! Quality protocols (ARCHITECTURE.md, "Quality protocols"): confidence
//! verification, challenger, debate, voting and validators, each a graph of
//! ordinary tasks hung off the task it is about.

mod request;

pub(crate) use request::check_request;
