#!/usr/bin/env bash
# The tools of the producer matrix (eval/producers.py) that are neither Python packages nor in scripts/test.sh's
# usual list, installed once, never at generation time:
#   - itext: iText 5 and Gson (Debian libitext5-java, libgoogle-gson-java); the JDK's javac compiles the
#     producer's Java program (pipeline/synth/resources/ItextReport.java) on first use;
#   - pdfmake: pdfmake for Node.js, pinned, into a fixed directory (GONGKAI_NODE_PREFIX, default
#     /opt/gongkai/node), which pipeline/synth/pdfmake_print.py looks in; node and npm from Debian;
#   - tcpdf: TCPDF 6.6 for PHP (Debian php-tcpdf, php-cli): pipeline/synth/resources/tcpdf_report.php;
#   - prawn: Prawn and prawn-table for Ruby (Debian ruby-prawn, ruby-prawn-table, which bring ruby and ttfunk):
#     pipeline/synth/resources/prawn_report.rb;
#   - jspdf: jsPDF and jspdf-autotable for Node.js, pinned, from npm into the same fixed directory as pdfmake:
#     pipeline/synth/resources/jspdf_report.js.
# Idempotent: what is there already is left as it is. Run as root (apt-get), e.g. from scripts/test.sh.
set -euo pipefail

PDFMAKE_VERSION=0.2.23
JSPDF_VERSION=4.2.1
JSPDF_AUTOTABLE_VERSION=5.0.9
PREFIX="${GONGKAI_NODE_PREFIX:-/opt/gongkai/node}"

need=()
[ -f /usr/share/java/itext5.jar ] || need+=(libitext5-java)
[ -f /usr/share/java/gson.jar ] || need+=(libgoogle-gson-java)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v php >/dev/null || need+=(php-cli)
[ -f /usr/share/php/tcpdf/tcpdf.php ] || need+=(php-tcpdf)
ruby -e 'require "prawn"' >/dev/null 2>&1 || need+=(ruby-prawn)
ruby -e 'require "prawn/table"' >/dev/null 2>&1 || need+=(ruby-prawn-table)
if [ ${#need[@]} -gt 0 ]; then
    apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; }
fi

# each npm package at its pin, into the fixed prefix; only those missing or at another version are installed
node_version() { node -p "require('$PREFIX/node_modules/$1/package.json').version" 2>/dev/null || true; }
off=()
for pin in "pdfmake@$PDFMAKE_VERSION" "jspdf@$JSPDF_VERSION" "jspdf-autotable@$JSPDF_AUTOTABLE_VERSION"; do
    [ "$(node_version "${pin%@*}")" = "${pin##*@}" ] || off+=("$pin")
done
if [ ${#off[@]} -gt 0 ]; then
    mkdir -p "$PREFIX"
    npm install --prefix "$PREFIX" --no-audit --no-fund --silent --save-exact "${off[@]}" >/dev/null
fi
