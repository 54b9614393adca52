# The `prawn` producer of gongkai's producer matrix (pipeline/synth/script_print.py runs it): a report's article
# printed with Prawn and prawn-table the way Rails systems make PDFs: text boxes, one Prawn::Table per table
# (every cell's four borders when ruled, none when not, rowspan/colspan kept, equal columns), the face's file
# embedded (a subset, by ttfunk), runs the face lacks in the fallback face.
#   ruby prawn_report.rb job.json out.pdf
# job.json is written by pipeline/synth/article_json.py. Exit status 3: Prawn cannot use the font.
require "json"
require "prawn"
require "prawn/table"

FONT_UNUSABLE = 3
MM = 72.0 / 25.4
SPACE_AFTER_PT = 4
LEADING_PT = 3

# The runs as Prawn's formatted text: a run the face lacks in the fallback face.
def fragments(runs)
  runs.map { |text, own| own ? { text: text } : { text: text, font: "fallback" } }
end

# The table's rows as prawn-table takes them; a cell's text in the face, what it lacks by the document's fallback
# fonts (Prawn's formatted text boxes, which table cells are, fall back per character).
def table_data(block)
  block["rows"].map do |row|
    row.map do |cell|
      out = { content: cell["runs"].map(&:first).join }
      out[:colspan] = cell["colspan"] if cell["colspan"] > 1
      out[:rowspan] = cell["rowspan"] if cell["rowspan"] > 1
      out
    end
  end
end

def print_table(pdf, block, page)
  columns = block["columns"]
  borders = block["ruled"] ? %i[top bottom left right] : []
  pdf.table(table_data(block), width: pdf.bounds.width,
                               cell_style: { borders: borders, border_width: page["rule_pt"],
                                             padding: page["cell_padding_pt"], size: page["text_pt"],
                                             align: :center, valign: :center })
  pdf.move_down SPACE_AFTER_PT * 2
end

def main(job_path, out_path)
  job = JSON.parse(File.read(job_path, encoding: "UTF-8"))
  page = job["page"]
  margin = page["margin_mm"] * MM
  pdf = Prawn::Document.new(page_size: "A4", margin: margin)
  begin
    %w[face fallback].each do |name|
      spec = job["fonts"][name]
      style = { file: spec["file"] }
      style[:font] = spec["index"] if spec["file"].downcase.end_with?(".ttc", ".otc")
      pdf.font_families.update(name => { normal: style, bold: style })
    end
    pdf.font("face")
    pdf.font("fallback") { pdf.width_of("0") }
    pdf.width_of("报告")
  rescue StandardError => e
    warn "Prawn cannot use the font: #{e.class}: #{e.message}"
    exit FONT_UNUSABLE
  end
  pdf.fallback_fonts(["fallback"])
  pdf.font_size page["text_pt"]
  job["blocks"].each do |block|
    case block["kind"]
    when "page_break"
      pdf.start_new_page
      pdf.move_down block["height_mm"] * MM
    when "table"
      pdf.move_down SPACE_AFTER_PT
      print_table(pdf, block, page)
    when "title"
      pdf.formatted_text fragments(block["runs"]), size: page["title_pt"], align: :center
      pdf.move_down SPACE_AFTER_PT * 2
    else # heading, paragraph, text
      indent = block["kind"] == "text" ? 0 : 2 * page["text_pt"]
      pdf.formatted_text fragments(block["runs"]), indent_paragraphs: indent, leading: LEADING_PT
      pdf.move_down SPACE_AFTER_PT
    end
  end
  pdf.render_file(out_path)
end

main(ARGV[0], ARGV[1])
