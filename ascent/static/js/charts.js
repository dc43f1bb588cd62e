/*
 * Live report charts.
 *
 * The server renders every chart as a static SVG image inside
 *
 *   <div class="app-chart__canvas" data-vega-spec-id="chart-1" role="img" aria-label="…">
 *     <img class="app-chart__image" src="data:image/svg+xml;base64,…" alt="">
 *   </div>
 *   <script type="application/json" id="chart-1">{ Vega-Lite spec }</script>
 *
 * so the page is complete without JavaScript (and every chart also has a data table in a
 * "Show the data as a table" details component). This module replaces each static image
 * with a live Vega view, which adds tooltips and crisp scaling. If anything is missing or
 * fails, the static image simply stays. A page may leave the image out of a chart that is
 * costly to draw on the server (the ranking of every council); a <noscript> note then points
 * to the table, which holds the same figures.
 *
 * Scripts the page must load first, as classic scripts, in this order (the partial
 * templates/documents/_chart_scripts.html has the tags):
 *
 *   /static/build/vendor/vega.min.js              -> window.vega
 *   /static/build/vendor/vega-lite.min.js         -> window.vegaLite
 *   /static/build/vendor/vega-interpreter.min.js  -> window.vegaInterpreter.expressionInterpreter
 *   /static/build/vendor/vega-embed.min.js        -> window.vegaEmbed
 *
 * then this file as <script type="module">.
 *
 * Content Security Policy: the site's CSP has no 'unsafe-eval', and Vega normally compiles
 * its expressions with `new Function`. With {ast: true, expr: expressionInterpreter}, Vega
 * parses expressions to syntax trees and vega-interpreter evaluates them instead, with no
 * code generation. Without the interpreter this module does nothing rather than break.
 */

const EMBED_OPTIONS = {
  actions: false,
  renderer: 'svg',
  ast: true,
  defaultStyle: false
}

function expressionInterpreter () {
  const candidate = window.vegaInterpreter?.expressionInterpreter ?? window.vega?.expressionInterpreter
  // The interpreter is an object of evaluators (operator, parameter, handler, ...).
  return candidate && typeof candidate.operator === 'function' ? candidate : null
}

// Below this width (CSS px) a chart's category labels are cut shorter, so the bars keep room.
const NARROW = 600

/*
 * The live chart fills its container's width (WCAG 1.4.10, reflow): Vega-Lite's
 * width "container" with autosize "fit-x" sizes the chart, axes and legend included, to the
 * box it is drawn in, and redraws it when the window is resized. Heights stay as the server
 * set them (a fixed height, or a step per bar). On a narrow screen long labels (council
 * names) are cut shorter, with an ellipsis; the tooltip and the table have them in full.
 */
// The least room (CSS px) a value label above a vertical bar needs to be read without overlapping.
const LABEL_ROOM = 48

function barCount (spec) {
  const rows = spec.data?.values ?? spec.layer?.find((layer) => layer.data)?.data?.values ?? []
  return rows.length
}

function isVerticalBars (spec) {
  const bars = (spec.layer ?? []).find((layer) => (layer.mark?.type ?? layer.mark) === 'bar')
  return Boolean(bars && bars.encoding?.x?.type === 'nominal')
}

export function responsive (spec, containerWidth) {
  const sized = { ...spec, width: 'container', autosize: { type: 'fit-x', contains: 'padding', resize: true } }
  if (containerWidth && containerWidth < NARROW) {
    const config = spec.config ?? {}
    const labelLimit = Math.max(80, Math.round(containerWidth * 0.4))
    sized.config = {
      ...config,
      axis: { ...(config.axis ?? {}), labelLimit },
      // One legend entry a line, so none is cut off at the edge.
      legend: { ...(config.legend ?? {}), columns: 1 }
    }
    // Value labels above bars too narrow to hold them would overlap; the tooltip and the
    // table under the chart still give every value.
    if (isVerticalBars(spec) && barCount(spec) * LABEL_ROOM > containerWidth) {
      sized.layer = spec.layer.filter((layer) => (layer.mark?.type ?? layer.mark) !== 'text')
    }
  }
  return sized
}

function readSpec (id) {
  const source = document.getElementById(id)
  if (!source || source.type !== 'application/json') {
    return null
  }
  try {
    return JSON.parse(source.textContent)
  } catch (error) {
    console.warn(`Chart ${id}: the spec is not valid JSON`, error)
    return null
  }
}

async function renderChart (container, embed, expr) {
  const id = container.dataset.vegaSpecId
  const spec = readSpec(id)
  if (!spec) {
    return
  }
  const live = document.createElement('div')
  live.className = 'app-chart__live'
  // Drawn in place of the image, so the live chart measures the width it will really have.
  container.append(live)
  try {
    await embed(live, responsive(spec, container.clientWidth), { ...EMBED_OPTIONS, expr })
  } catch (error) {
    console.warn(`Chart ${id}: could not draw the live chart, keeping the static image`, error)
    live.remove()
    return
  }
  // The container keeps role="img" and its aria-label; the live SVG replaces the image.
  container.replaceChildren(live)
  container.dataset.vegaRendered = 'true'
}

export async function renderCharts (root = document) {
  const containers = root.querySelectorAll('[data-vega-spec-id]:not([data-vega-rendered])')
  if (containers.length === 0) {
    return
  }
  const embed = window.vegaEmbed
  const expr = expressionInterpreter()
  if (typeof embed !== 'function' || !expr) {
    console.warn('Live charts need vega, vega-lite, vega-interpreter and vega-embed; showing static images')
    return
  }
  await Promise.all(Array.from(containers, (container) => renderChart(container, embed, expr)))
}

renderCharts()
