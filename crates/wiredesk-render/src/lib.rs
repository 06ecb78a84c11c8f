//! Rendering: Markdown for the terminal and files, HTML pages, Atom and JSON Feed, the origin graph as SVG. Pure: data in, text out.
