//! One option of a form's select list: the value sent and the label shown.

use serde::Serialize;

/// One option of a select list.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}
