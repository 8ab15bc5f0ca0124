// print.js: the print button of the printed pages (sign-in sheet, service certificate), which
// the print stylesheet hides on paper. A file of its own: the pages allow no inline script.
const button = document.getElementById('print-button');
if (button) button.addEventListener('click', () => window.print());
