//! The handlers of the REST-shaped apps: several annotated handlers on one path, and many
//! paths. Each shape exists twice, with `#[cors]` on every handler and without (the baseline,
//! and the app actix-cors and the floor wrap), registered in the same order.
//!
//! Every `#[cors]` carries the base policy (one exact origin, credentials, `x-api-key`, max-age
//! 60); its methods are each handler's own.

use actix_web::web::ServiceConfig;

/// Defines a module of handlers, one per `name method path` line, all answering `200 "items"`,
/// and `register`, which registers them in order; with `cors` first, each handler carries the
/// base policy.
macro_rules! handlers {
    ($module:ident, cors, $($name:ident $method:ident $path:literal),+ $(,)?) => {
        /// Annotated handlers.
        pub mod $module {
            use actix_web::{HttpResponse, web::ServiceConfig};
            use cors_actix::cors;
            $(
                #[doc = concat!("`", stringify!($method), " ", $path, "` with the base policy.")]
                #[cors(
                    origins = ["https://app.example.com"],
                    credentials,
                    headers = ["x-api-key"],
                    max_age = 60
                )]
                #[actix_web::$method($path)]
                async fn $name() -> HttpResponse {
                    HttpResponse::Ok().body("items")
                }
            )+
            /// Registers every handler, in declaration order.
            pub fn register(config: &mut ServiceConfig) {
                $(config.service($name);)+
            }
        }
    };
    ($module:ident, plain, $($name:ident $method:ident $path:literal),+ $(,)?) => {
        /// Un-annotated handlers.
        pub mod $module {
            use actix_web::{HttpResponse, web::ServiceConfig};
            $(
                #[doc = concat!("`", stringify!($method), " ", $path, "` without CORS.")]
                #[actix_web::$method($path)]
                async fn $name() -> HttpResponse {
                    HttpResponse::Ok().body("items")
                }
            )+
            /// Registers every handler, in declaration order.
            pub fn register(config: &mut ServiceConfig) {
                $(config.service($name);)+
            }
        }
    };
}

/// The handlers of one shape, annotated (`cors`) and plain.
macro_rules! shape {
    ($cors:ident, $plain:ident: $($line:tt)*) => {
        handlers!($cors, cors, $($line)*);
        handlers!($plain, plain, $($line)*);
    };
}

shape!(get_post_cors, get_post_plain:
    items_get get "/items",
    items_post post "/items",
);

shape!(four_methods_cors, four_methods_plain:
    item_get get "/items/{id}",
    item_put put "/items/{id}",
    item_patch patch "/items/{id}",
    item_delete delete "/items/{id}",
);

shape!(fifty_paths_cors, fifty_paths_plain:
    r01 get "/r01", r02 get "/r02", r03 get "/r03", r04 get "/r04", r05 get "/r05",
    r06 get "/r06", r07 get "/r07", r08 get "/r08", r09 get "/r09", r10 get "/r10",
    r11 get "/r11", r12 get "/r12", r13 get "/r13", r14 get "/r14", r15 get "/r15",
    r16 get "/r16", r17 get "/r17", r18 get "/r18", r19 get "/r19", r20 get "/r20",
    r21 get "/r21", r22 get "/r22", r23 get "/r23", r24 get "/r24", r25 get "/r25",
    r26 get "/r26", r27 get "/r27", r28 get "/r28", r29 get "/r29", r30 get "/r30",
    r31 get "/r31", r32 get "/r32", r33 get "/r33", r34 get "/r34", r35 get "/r35",
    r36 get "/r36", r37 get "/r37", r38 get "/r38", r39 get "/r39", r40 get "/r40",
    r41 get "/r41", r42 get "/r42", r43 get "/r43", r44 get "/r44", r45 get "/r45",
    r46 get "/r46", r47 get "/r47", r48 get "/r48", r49 get "/r49", r50 get "/r50",
);

/// The registration of one shape's handlers, annotated or not.
pub type Register = fn(&mut ServiceConfig);
