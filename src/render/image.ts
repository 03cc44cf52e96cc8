/**
 * The comparison as a picture: its content is described in src/reply/chart.ts (pure), laid out as
 * SVG in ./image/svg.ts and rasterized to PNG in ./image/png.ts.
 */
export { comparisonImage, type ComparisonImage, type ComparisonImageMethod } from '../reply/chart.js';
export { comparisonSvg, escapeXml, fitText, IMAGE_HEIGHT, IMAGE_WIDTH, methodColour, textWidth } from './image/svg.js';
export {
  cachedComparisonPng,
  comparisonPng,
  comparisonPngAsync,
  drawChart,
  fontFiles,
  PNG_CACHE_SIZE,
  PNG_SCALE,
  svgToPng,
  type ChartDrawer,
} from './image/png.js';
