const dialog = document.querySelector(".o_error_dialog");
const title = dialog.closest(".modal-content").querySelector(".modal-title");
if (dialog.querySelector(".o_error_detail") || /Traceback/.test(dialog.innerText)) {
    console.error("the access error shows a traceback: " + dialog.innerText);
} else if (!/Access Error/.test(title.innerText)) {
    console.error("unexpected dialog: " + title.innerText + " " + dialog.innerText);
} else {
    console.log("test successful");
}
