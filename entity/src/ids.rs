//! Typed ids: a row's id as it is stored (a 64-bit integer column) and as it travels through the
//! services, so a campaign id cannot be passed where a booking id is expected. On the outside
//! (URLs, JSON, templates, logs) an id is the plain integer it wraps.

/// Declares a typed id over `i64`: sea-orm's `DeriveValueType` (usable as a primary or foreign
/// key column), serde transparent (a JSON integer, a `web::Path` segment), `Display` and
/// `FromStr` as the integer, `From<i64>`/`Into<i64>` and `get()`.
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* pub struct $name:ident;) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Copy,
            Clone,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            ::sea_orm::DeriveValueType,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The id as the plain integer stored in the database.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                s.parse::<i64>().map($name)
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(id: i64) -> Self {
                $name(id)
            }
        }

        impl ::std::convert::From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

typed_id! {
    /// A group order campaign (`campaigns.id`).
    pub struct CampaignId;
}

typed_id! {
    /// A seat booking on a trip departure (`bookings.id`).
    pub struct BookingId;
}

typed_id! {
    /// A trip departure (`departures.id`).
    pub struct DepartureId;
}

typed_id! {
    /// A payment request (`payment_requests.id`).
    pub struct PaymentRequestId;
}

typed_id! {
    /// A consumer group (`consumer_groups.id`).
    pub struct GroupId;
}

typed_id! {
    /// A trip (`trips.id`).
    pub struct TripId;
}

typed_id! {
    /// A partnership between a group and producers (`partnerships.id`).
    pub struct PartnershipId;
}

typed_id! {
    /// A producer, usually a cooperative (`producers.id`).
    pub struct ProducerId;
}

typed_id! {
    /// A product a producer lists (`products.id`).
    pub struct ProductId;
}

typed_id! {
    /// A shipment of purchase orders to the Belgian pickup points (`shipments.id`).
    pub struct ShipmentId;
}

typed_id! {
    /// A batch of payouts a treasurer prepares for a partnership's producers (`payout_batches.id`).
    pub struct PayoutBatchId;
}

typed_id! {
    /// Money sent to one producer in a batch (`payouts.id`).
    pub struct PayoutId;
}

#[cfg(test)]
mod tests {
    use super::CampaignId;

    #[test]
    fn an_id_is_its_integer_outside() {
        let id = CampaignId(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(format!("/campaigns/{id}"), "/campaigns/42");
        assert_eq!("42".parse::<CampaignId>(), Ok(id));
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("42"));
        assert_eq!(serde_json::from_str::<CampaignId>("42").ok(), Some(id));
        assert_eq!(i64::from(id), 42);
        assert_eq!(CampaignId::from(42).get(), 42);
    }
}
