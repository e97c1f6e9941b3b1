//! The benchmark route behind a real HTTP/1 server, for `benches/load.sh`.
//!
//! `load_server ARM PORT` serves `/items` on 127.0.0.1:PORT with one worker, as the un-annotated
//! app (`baseline`), with the `#[cors]` attribute (`attribute`) or wrapped in actix-cors
//! (`actix-cors`), all with the base policy. One worker keeps the second core for the load
//! generator. Runs until killed.

use actix_web::{App, HttpServer};
use cors_benches::{Arm, PolicyKind, Shape, actix_cors, items, items_cors};

fn usage() -> ! {
    eprintln!("usage: load_server baseline|attribute|actix-cors PORT");
    std::process::exit(2)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [arm, port] = args.as_slice() else {
        usage()
    };
    let (Some(arm), Ok(port)) = (Arm::from_slug(arm), port.parse::<u16>()) else {
        usage()
    };
    let address = ("127.0.0.1", port);
    // Each arm is its own App type, so each gets its own server expression.
    match arm {
        Arm::Baseline => {
            HttpServer::new(|| App::new().service(items))
                .workers(1)
                .bind(address)?
                .run()
                .await
        }
        Arm::Attribute => {
            HttpServer::new(|| App::new().service(items_cors))
                .workers(1)
                .bind(address)?
                .run()
                .await
        }
        Arm::ActixCors => {
            HttpServer::new(|| {
                App::new()
                    .wrap(actix_cors(PolicyKind::One, Shape::OneRoute))
                    .service(items)
            })
            .workers(1)
            .bind(address)?
            .run()
            .await
        }
        Arm::Floor => {
            HttpServer::new(|| App::new().wrap(cors_benches::floor::Floor).service(items))
                .workers(1)
                .bind(address)?
                .run()
                .await
        }
    }
}
