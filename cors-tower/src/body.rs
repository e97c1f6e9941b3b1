//! The body of a response that went through the middleware: the inner service's own, or the
//! short text the middleware answers a refusal with.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

pin_project! {
    /// The response body of [`Cors`](crate::Cors): the wrapped service's body, or the middleware's
    /// own (empty for a preflight answer, a `text/plain` reason for a 403).
    ///
    /// axum turns it into its own `Body` like any other; with hyper it is served as is.
    pub struct CorsBody<B> {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B> {
        Inner { #[pin] body: B },
        Own { data: Option<Bytes> },
    }
}

impl<B> CorsBody<B> {
    pub(crate) fn inner(body: B) -> Self {
        CorsBody {
            kind: Kind::Inner { body },
        }
    }

    pub(crate) fn empty() -> Self {
        CorsBody {
            kind: Kind::Own { data: None },
        }
    }

    pub(crate) fn text(text: String) -> Self {
        CorsBody {
            kind: Kind::Own {
                data: Some(Bytes::from(text)),
            },
        }
    }
}

impl<B> std::fmt::Debug for CorsBody<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "inner",
            Kind::Own { .. } => "own",
        };
        f.debug_struct("CorsBody").field("kind", &kind).finish()
    }
}

impl<B> Body for CorsBody<B>
where
    B: Body,
    B::Data: From<Bytes>,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body.poll_frame(cx),
            KindProj::Own { data } => {
                Poll::Ready(data.take().map(|data| Ok(Frame::data(data.into()))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Own { data } => data.is_none(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Own { data } => {
                SizeHint::with_exact(data.as_ref().map_or(0, |data| data.len() as u64))
            }
        }
    }
}
