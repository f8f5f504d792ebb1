//! A SPIRAL criterion is served only by campaigns of a partnership its territory belongs to:
//! links made before that rule to another partnership's campaign are removed (their titles were
//! shown on the territory's public page).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM spiral_links WHERE kind = 'campaign' AND NOT EXISTS ( \
                 SELECT 1 FROM campaigns c \
                 JOIN partnerships p ON p.id = c.partnership_id \
                 JOIN spiral_criteria s ON s.id = spiral_links.criterion_id \
                 WHERE c.id = spiral_links.target_id \
                 AND (p.belgian_territory_id = s.territory_id \
                 OR p.partner_territory_id = s.territory_id))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // The removed links were never allowed; nothing to put back.
        Ok(())
    }
}
