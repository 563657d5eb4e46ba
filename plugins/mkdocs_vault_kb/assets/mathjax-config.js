/* MathJax settings for pymdownx.arithmatex (generic mode), loaded before MathJax itself.
 * Typesets only arithmatex output, and again after every page change of Material's instant
 * navigation (document$), which replaces the content without reloading MathJax. */
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  svg: { fontCache: "global" },
};
(function () {
  function typeset() {
    var mj = window.MathJax;
    if (!mj || !mj.typesetPromise) return;  // not started yet: MathJax typesets the first page itself
    if (mj.typesetClear) mj.typesetClear();
    if (mj.texReset) mj.texReset();
    mj.typesetPromise().catch(function (e) { console.warn("MathJax:", e); });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(typeset);
})();
