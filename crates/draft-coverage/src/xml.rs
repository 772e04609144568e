//! What the two XML readers share: attribute lookup and error placement.
//!
//! Both formats are read with quick-xml's pull parser, one event at a time
//! into a reused buffer; no document tree is built. DOCTYPEs (JaCoCo's
//! report.dtd) are skipped, never fetched.

use crate::ParseError;
use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

/// The value of attribute `name` on `e`, unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str, pos: u64) -> Result<Option<String>, ParseError> {
    for a in e.attributes() {
        let a = a.map_err(|err| ParseError::at_offset(pos, format!("bad attribute: {err}")))?;
        if a.key.as_ref() == name {
            let v = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| ParseError::at_offset(pos, format!("bad attribute value: {err}")))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// A required numeric attribute.
pub(crate) fn num_attr<T: std::str::FromStr>(e: &BytesStart<'_>, name: &str, pos: u64) -> Result<T, ParseError> {
    let tag = e.name().as_ref().to_owned();
    let key = name.to_owned();
    let text = attr(e, name, pos)?.ok_or_else(|| ParseError::at_offset(pos, format!("<{tag}> without {key}=")))?;
    crate::number(&text, &format!("<{tag}> {key}")).map_err(|m| ParseError::at_offset(pos, m))
}

/// A quick-xml error at the reader's error position.
pub(crate) fn error(pos: u64, err: &quick_xml::Error) -> ParseError {
    ParseError::at_offset(pos, format!("not well-formed XML: {err}"))
}
