//! Typesets a report (given as its JSON form) into a PDF with Typst.
