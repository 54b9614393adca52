<?php
// The `tcpdf` producer of gongkai's producer matrix (pipeline/synth/script_print.py runs it): a report's article
// printed with TCPDF the way PHP CMSs export reports: each block written as HTML by TCPDF's own writeHTML (its own
// table layout: rowspan/colspan kept, border="1" when ruled, border="0" when not), the face converted once by
// TCPDF_FONTS::addTTFfont into a cache directory and embedded (subset), runs the face lacks in the fallback face.
//   php tcpdf_report.php job.json out.pdf
// job.json is written by pipeline/synth/article_json.py. Exit status 3: TCPDF cannot use the font (not TrueType).
define('K_TCPDF_THROW_EXCEPTION_ERROR', true);
define('K_TCPDF_EXTERNAL_CONFIG', true);
define('K_PATH_CACHE', sys_get_temp_dir() . '/');
require_once 'tcpdf/tcpdf.php';

const FONT_UNUSABLE = 3;
const SPACE_AFTER_MM = 1.5;

/** The TCPDF name of a TrueType file, converting it into $cache the first time; exit 3 when TCPDF cannot. */
function font_name(string $file, string $cache): string {
    $name = TCPDF_FONTS::addTTFfont($file, '', '', 32, $cache);
    if ($name === false) {
        fwrite(STDERR, "TCPDF cannot convert $file (not a TrueType face)\n");
        exit(FONT_UNUSABLE);
    }
    return $name;
}

/** The runs as HTML: text escaped, a run the face lacks in a span of the fallback face. */
function runs_html(array $runs, string $fallback): string {
    $out = '';
    foreach ($runs as [$text, $own]) {
        $html = nl2br(htmlspecialchars($text, ENT_QUOTES | ENT_HTML5, 'UTF-8'), false);
        $out .= $own ? $html : '<span style="font-family:' . $fallback . ';">' . $html . '</span>';
    }
    return $out;
}

function table_html(array $block, array $page, string $fallback): string {
    $border = $block['ruled'] ? '1' : '0';
    $columns = $block['columns'];
    $html = '<table border="' . $border . '" cellpadding="' . $page['cell_padding_pt'] . '" cellspacing="0">';
    foreach ($block['rows'] as $row) {
        $html .= '<tr>';
        foreach ($row as $cell) {
            $width = round(100 * $cell['colspan'] / $columns, 3);
            $html .= '<td align="center" width="' . $width . '%"'
                . ($cell['colspan'] > 1 ? ' colspan="' . $cell['colspan'] . '"' : '')
                . ($cell['rowspan'] > 1 ? ' rowspan="' . $cell['rowspan'] . '"' : '')
                . '>' . runs_html($cell['runs'], $fallback) . '</td>';
        }
        $html .= '</tr>';
    }
    return $html . '</table>';
}

function main(array $argv): void {
    $job = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
    $page = $job['page'];
    $cache = rtrim($job['fonts']['cache'], '/') . '/';
    if (!is_dir($cache)) {
        @mkdir($cache, 0777, true);
    }
    $face = font_name($job['fonts']['face'], $cache);
    $fallback = font_name($job['fonts']['fallback'], $cache);

    $pdf = new TCPDF('P', 'mm', 'A4', true, 'UTF-8', false);
    $pdf->setPrintHeader(false);
    $pdf->setPrintFooter(false);
    $pdf->SetMargins($page['margin_mm'], $page['margin_mm'], $page['margin_mm']);
    $pdf->SetAutoPageBreak(true, $page['margin_mm']);
    $pdf->AddFont($face, '', $cache . $face . '.php');
    $pdf->AddFont($fallback, '', $cache . $fallback . '.php');
    $pdf->SetFont($face, '', $page['text_pt']);
    $pdf->setCellHeightRatio(1.4);
    $pdf->AddPage();
    foreach ($job['blocks'] as $block) {
        switch ($block['kind']) {
            case 'page_break':
                $pdf->AddPage();
                $pdf->Ln($block['height_mm']);
                break;
            case 'table':
                $pdf->writeHTML(table_html($block, $page, $fallback), true, false, false, false, '');
                $pdf->Ln(SPACE_AFTER_MM);
                break;
            case 'title':
                $pdf->SetFontSize($page['title_pt']);
                $pdf->writeHTML('<p align="center">' . runs_html($block['runs'], $fallback) . '</p>',
                                true, false, false, false, '');
                $pdf->SetFontSize($page['text_pt']);
                $pdf->Ln(SPACE_AFTER_MM);
                break;
            default:  // heading, paragraph, text: one face, no synthetic bold
                $indent = $block['kind'] === 'text' ? '' : '　　';
                $pdf->writeHTML('<p>' . $indent . runs_html($block['runs'], $fallback) . '</p>',
                                true, false, false, false, '');
        }
    }
    $pdf->Output($argv[2], 'F');
}

main($argv);
