//! Prints every glyph of a PDF with its position, then every ruling line,
//! one per line (a debugging aid): `cargo run -p plansheet-pdf --example glyphs -- FILE`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

fn main() {
    let path = std::env::args().nth(1).expect("usage: glyphs FILE.pdf");
    let bytes = std::fs::read(path).expect("readable file");
    let pdf = plansheet_pdf::read_pdf(&bytes).expect("a PDF");
    for page in &pdf.pages {
        println!("page {} {}x{}", page.number, page.width, page.height);
        for g in &page.glyphs {
            println!(
                "{:?}\tx={:.1}\ty={:.1}\tw={:.1}\ts={:.1}\t{:?}",
                g.text, g.x, g.y, g.width, g.size, g.direction
            );
        }
        for r in &page.rules {
            println!("rule\t{:.1} {:.1} {:.1} {:.1}", r.x0, r.y0, r.x1, r.y1);
        }
        println!("page {} undecoded {}", page.number, page.undecoded);
    }
    println!("undecoded {}", pdf.undecoded);
}
