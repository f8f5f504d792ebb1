//! Small builders the migrations share.

use sea_orm_migration::prelude::*;

/// A foreign key `from_table.from_col -> to_table.id` that cascades on delete.
pub fn fk(from_table: &str, from_col: &str, to_table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{from_col}"))
        .from(from_table.to_owned(), from_col.to_owned())
        .to(to_table.to_owned(), "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// An index named after its table and columns.
pub fn index(table: &str, cols: &[&str], unique: bool) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(format!("ix_{table}_{}", cols.join("_")))
        .table(table.to_owned());
    for c in cols {
        idx.col(ToString::to_string(c));
    }
    if unique {
        idx.unique();
    }
    idx.to_owned()
}
