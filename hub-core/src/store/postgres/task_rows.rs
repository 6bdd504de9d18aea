//! A task row in PostgreSQL: the columns it is read from and how the
//! shared mapping (`store::task_cols`) reads a driver row.

use tokio_postgres::Row;

use super::db::col;
use crate::store::error::StoreError;
use crate::store::repos::TaskRecord;
use crate::store::task_cols::{Cols, task_cols, task_from_cols};

/// Columns of `task_from_row`, in order.
pub(super) const TASK_COLS: &str = task_cols!(
    "coalesce((SELECT json_agg(parent_task_id ORDER BY ord, rowid) FROM task_deps d \
       WHERE d.child_task_id = tasks.id)::text, '[]')"
);

impl Cols for Row {
    fn text(&self, i: usize) -> Result<String, StoreError> {
        col(self, i)
    }

    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        col(self, i)
    }

    fn int(&self, i: usize) -> Result<i64, StoreError> {
        col(self, i)
    }

    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        col(self, i)
    }

    fn opt_real(&self, i: usize) -> Result<Option<f64>, StoreError> {
        col(self, i)
    }
}

pub(super) fn task_from_row(r: &Row) -> Result<TaskRecord, StoreError> {
    task_from_cols(r)
}

pub(super) fn tasks_from_rows(rows: &[Row]) -> Result<Vec<TaskRecord>, StoreError> {
    rows.iter().map(task_from_row).collect()
}
