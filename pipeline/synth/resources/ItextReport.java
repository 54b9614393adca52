// The `itext` producer of gongkai's producer matrix (pipeline/synth/itext_print.py compiles and runs it):
// a report's article printed with iText 5 the way Java office systems export reports: Paragraphs, one
// PdfPTable per table (rules round every cell when ruled, Rectangle.NO_BORDER when not, rowspan/colspan kept),
// the font's file embedded as BaseFont.IDENTITY_H, a FontSelector giving what the face lacks to a fallback face.
//   java -cp itext5.jar:gson.jar:DIR ItextReport job.json out.pdf
// job.json is written by pipeline/synth/itext_markup.py. Exit status 3: iText cannot use the font.
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.itextpdf.text.Document;
import com.itextpdf.text.DocumentException;
import com.itextpdf.text.Element;
import com.itextpdf.text.Font;
import com.itextpdf.text.PageSize;
import com.itextpdf.text.Paragraph;
import com.itextpdf.text.Phrase;
import com.itextpdf.text.Rectangle;
import com.itextpdf.text.pdf.BaseFont;
import com.itextpdf.text.pdf.FontSelector;
import com.itextpdf.text.pdf.PdfPCell;
import com.itextpdf.text.pdf.PdfPTable;
import com.itextpdf.text.pdf.PdfWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

public final class ItextReport {
    static final int FONT_UNUSABLE = 3;
    static final float MM = 72f / 25.4f;
    static final float SPACE_AFTER_PT = 4f;

    private final BaseFont face;
    private final BaseFont fallback;
    private final JsonObject page;

    private ItextReport(BaseFont face, BaseFont fallback, JsonObject page) {
        this.face = face;
        this.fallback = fallback;
        this.page = page;
    }

    private float measure(String name) {
        return page.get(name).getAsFloat();
    }

    /** The text in the face, each character the face lacks in the fallback face. */
    private Phrase phrase(String text, float size, int style) {
        FontSelector selector = new FontSelector();
        selector.addFont(new Font(face, size, style));
        selector.addFont(new Font(fallback, size, style));
        return selector.process(text);
    }

    private Paragraph paragraph(JsonObject block) {
        String kind = block.get("kind").getAsString();
        String text = block.get("text").getAsString();
        float textPt = measure("text_pt");
        Paragraph p;
        if (kind.equals("title")) {
            p = new Paragraph(phrase(text, measure("title_pt"), Font.BOLD));
            p.setAlignment(Element.ALIGN_CENTER);
            p.setSpacingAfter(2 * SPACE_AFTER_PT);
            return p;
        }
        p = new Paragraph(phrase(text, textPt, kind.equals("heading") ? Font.BOLD : Font.NORMAL));
        p.setLeading(1.5f * textPt);
        if (!kind.equals("text")) {
            p.setFirstLineIndent(measure("indent_pt"));
        }
        p.setSpacingAfter(SPACE_AFTER_PT);
        return p;
    }

    private PdfPTable table(JsonObject block) {
        boolean ruled = block.get("ruled").getAsBoolean();
        PdfPTable table = new PdfPTable(block.get("columns").getAsInt());
        table.setWidthPercentage(100);
        table.setSpacingBefore(SPACE_AFTER_PT);
        table.setSpacingAfter(2 * SPACE_AFTER_PT);
        for (JsonElement row : block.getAsJsonArray("rows")) {
            for (JsonElement item : row.getAsJsonArray()) {
                JsonObject c = item.getAsJsonObject();
                StringBuilder text = new StringBuilder();
                for (JsonElement line : c.getAsJsonArray("lines")) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(line.getAsString());
                }
                PdfPCell cell = new PdfPCell(phrase(text.toString(), measure("text_pt"), Font.NORMAL));
                cell.setColspan(c.get("colspan").getAsInt());
                cell.setRowspan(c.get("rowspan").getAsInt());
                cell.setHorizontalAlignment(Element.ALIGN_CENTER);
                cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
                cell.setPadding(measure("cell_padding_pt"));
                if (ruled) {
                    cell.setBorder(Rectangle.BOX);
                    cell.setBorderWidth(measure("rule_pt"));
                } else {
                    cell.setBorder(Rectangle.NO_BORDER);
                }
                table.addCell(cell);
            }
        }
        table.completeRow();
        return table;
    }

    /** A new page, then an empty block of the given height. */
    private void pageBreak(Document document, JsonObject block) throws DocumentException {
        document.newPage();
        float height = block.get("height_mm").getAsFloat() * MM;
        if (height <= 0) {
            return;
        }
        PdfPTable spacer = new PdfPTable(1);
        spacer.setWidthPercentage(100);
        PdfPCell empty = new PdfPCell();
        empty.setBorder(Rectangle.NO_BORDER);
        empty.setFixedHeight(height);
        spacer.addCell(empty);
        document.add(spacer);
    }

    private void print(JsonArray blocks, OutputStream out) throws DocumentException {
        float margin = measure("margin_pt");
        Document document = new Document(PageSize.A4, margin, margin, margin, margin);
        PdfWriter.getInstance(document, out);
        document.open();
        for (JsonElement item : blocks) {
            JsonObject block = item.getAsJsonObject();
            switch (block.get("kind").getAsString()) {
                case "table" -> document.add(table(block));
                case "page_break" -> pageBreak(document, block);
                default -> document.add(paragraph(block));
            }
        }
        document.close();
    }

    public static void main(String[] args) throws Exception {
        String json = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        JsonObject job = JsonParser.parseString(json).getAsJsonObject();
        BaseFont face;
        BaseFont fallback;
        try {
            face = BaseFont.createFont(job.get("font").getAsString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
            fallback = BaseFont.createFont(job.get("fallback").getAsString(), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        } catch (DocumentException | IOException | RuntimeException e) {
            System.err.println("iText cannot use the font: " + e);
            System.exit(FONT_UNUSABLE);
            return;
        }
        try (OutputStream out = new FileOutputStream(args[1])) {
            new ItextReport(face, fallback, job.getAsJsonObject("page")).print(job.getAsJsonArray("blocks"), out);
        }
    }
}
