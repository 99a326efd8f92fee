//! Judgements over the record as of an instant that the flags, the report and
//! the hosts all show: the update cadence each stakeholder is owed, the
//! commitments falling due, and where a workaround, request or incident
//! stands (approved? disclosed? told?). Each is computed here once; the hosts
//! send the results to the UI, which only renders them.

pub mod cadence;
pub mod owed;
pub mod standing;
