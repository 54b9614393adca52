#!/usr/bin/env bash
# The whole test suite, with what it needs: README's test command and what .ci/run calls.
#   Debian packages: fonts-wqy-microhei (the CJK font the PDF fixtures are rendered with), fonts-noto-cjk (the
#   scanner matrix prints its pages in a font the OCR was not tuned on), chromium (the
#   evaluation report and the review page are checked in a headless browser; Playwright drives the system
#   chromium, it never downloads one) and libreoffice-writer-nogui (.doc reports are converted with
#   LibreOffice headless; the .doc fixtures are made with it); for the sample of the producer matrix
#   (tests/test_producers.py): wkhtmltopdf (a Qt printer that writes Kangxi radicals) and the CJK fonts
#   fonts-noto-cjk, fonts-arphic-uming, fonts-droid-fallback, fonts-dejavu-core (fpdf2's fallback face) and the
#   faces of other designs fonts-arphic-gkai00mp, fonts-lxgw-wenkai, fonts-arphic-gbsn00lp, fonts-smiley-sans;
#   poppler-utils (pdftoppm, pdftotext); abiword and fop (AbiWord's PDF export and
#   Apache FOP, producers of the matrix); fonts-hanazono (HanaMinA, the held-out font, whose coverage a test
#   checks) and the libraries Qt's offscreen platform loads (libegl1, libgl1, libxkbcommon0, libfontconfig1,
#   libglib2.0-0, libdbus-1-3) for the producer qt (tests/test_producers_heldout.py). The producer
#   xelatex (tuned since stop 18) needs texlive-xetex and texlive-lang-chinese (xeCJK; tests/test_producers_xelatex.py).
#   imagemagick makes
#   the held-out scanner styles office_scan, copy_of_copy and microfilm (tests/test_scanner_styles_imagemagick.py);
#   its binary is called by path (convert-im6.q16, or ImageMagick 7's magick), never a convert found on PATH.
#   netpbm makes the held-out scanner styles g3_fax and folded (tests/test_scanner_styles_netpbm.py), its programs
#   called by path under /usr/bin. graphicsmagick makes the held-out scanner style bound_volume and
#   archive_bilevel's grey scan (tests/test_scanner_styles_gm_doxa.py), its gm called by path (/usr/bin/gm).
#   libvips-tools makes the held-out scanner style web_page_images and ghostscript the held-out style laser_print
#   (tests/test_scanner_styles_vips_gs.py), called by path (/usr/bin/vips, /usr/bin/gs). ffmpeg makes the held-out
#   scanner style document_camera and cleaned_scan's grey scan, unpaper cleans cleaned_scan
#   (tests/test_scanner_styles_ffmpeg_unpaper.py), called by path (/usr/bin/ffmpeg, /usr/bin/unpaper). The
#   held-out producers itext (iText 5 and Gson jars, a JDK) and pdfmake (pinned, from npm, into /opt/gongkai/node) are
#   installed by scripts/install_producers.sh, which this script runs as root when they are missing
#   (tests/test_producers_itext_pdfmake.py prints a small article with each); so are the held-out producers tcpdf
#   (php-cli, php-tcpdf) and prawn (ruby-prawn, ruby-prawn-table; tests/test_producers_tcpdf_prawn.py prints a small
#   article with each), and the held-out producer jspdf (jsPDF and jspdf-autotable, pinned, from npm into
#   /opt/gongkai/node beside pdfmake, run by Debian nodejs; tests/test_producers_jspdf.py prints a small article).
#   fonts-babelstone-han and fonts-cns11643-sung: BabelStone Han and TW-Sung, the held-out fonts of
#   stop 19, whose coverage a test checks.
#   Python packages: the project with its [test] extra (pytest, ruff, import-linter for the package's layers).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v wkhtmltopdf >/dev/null || need+=(wkhtmltopdf)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
# the fonts ukai and wqy-zenhei of the producer matrix: without them fontconfig gives DejaVu Sans for their families
[ -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || need+=(fonts-arphic-ukai)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need+=(fonts-droid-fallback)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf ] || need+=(fonts-arphic-gkai00mp)
[ -f /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf ] || need+=(fonts-lxgw-wenkai)
[ -f /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf ] || need+=(fonts-arphic-gbsn00lp)
[ -f /usr/share/fonts/truetype/smiley-sans/SmileySans-Oblique.ttf ] || need+=(fonts-smiley-sans)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v abiword >/dev/null || need+=(abiword)
command -v fop >/dev/null || need+=(fop)
[ -f /usr/share/fonts/truetype/hanazono/HanaMinA.ttf ] || need+=(fonts-hanazono)
[ -f /usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf ] || need+=(fonts-babelstone-han)
[ -f /usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf ] || need+=(fonts-cns11643-sung)
[ -x /usr/bin/convert-im6.q16 ] || [ -x /usr/bin/magick ] || [ -x /usr/bin/magick-im7.q16 ] || need+=(imagemagick)
[ -x /usr/bin/pbmtog3 ] && [ -x /usr/bin/pamcat ] || need+=(netpbm)
[ -x /usr/bin/gm ] || need+=(graphicsmagick)
[ -x /usr/bin/vips ] || need+=(libvips-tools)
[ -x /usr/bin/gs ] || need+=(ghostscript)
[ -x /usr/bin/ffmpeg ] || need+=(ffmpeg)
[ -x /usr/bin/unpaper ] || need+=(unpaper)
[ -x /usr/bin/opj_compress ] && [ -x /usr/bin/opj_decompress ] || need+=(libopenjp2-tools)
command -v xelatex >/dev/null || need+=(texlive-xetex)
kpsewhich xeCJK.sty >/dev/null 2>&1 || need+=(texlive-lang-chinese)
for lib in libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0 libfontconfig.so.1:libfontconfig1 \
           libglib-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3; do
    ldconfig -p | grep -c "${lib%%:*}" >/dev/null || need+=("${lib##*:}")  # -c reads all: no SIGPIPE under pipefail
done
if [ ${#need[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; }
    else
        echo "scripts/test.sh: please install the Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
        exit 1
    fi
fi
if [ ! -f /usr/share/java/itext5.jar ] || [ ! -f /usr/share/java/gson.jar ] || ! command -v javac >/dev/null \
   || [ ! -f "${GONGKAI_NODE_PREFIX:-/opt/gongkai/node}/node_modules/pdfmake/package.json" ] \
   || [ ! -f "${GONGKAI_NODE_PREFIX:-/opt/gongkai/node}/node_modules/jspdf-autotable/package.json" ] \
   || [ ! -f /usr/share/php/tcpdf/tcpdf.php ] || ! command -v php >/dev/null \
   || ! ruby -e 'require "prawn/table"' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        bash scripts/install_producers.sh
    else
        echo "scripts/test.sh: please run scripts/install_producers.sh as root (iText 5, Gson, a JDK, pdfmake, TCPDF, Prawn, jsPDF)" >&2
        exit 1
    fi
fi
python -m pip install -q -e ".[test]"
ruff check .
lint-imports
python -m pytest -q "$@"
