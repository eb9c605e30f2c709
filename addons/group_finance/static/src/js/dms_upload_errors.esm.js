/** @odoo-module **/
/* Copyright 2026 The suite's authors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */

import {DmsListController} from "@dms_field/views/dms_list/dms_list_controller.esm";
import {X2ManyField} from "@web/views/fields/x2many/x2many_field";
import {patch} from "@web/core/utils/patch";

// OCA dms's upload route answers one result per dropped file, an error for a refused one (too
// large, a program...); dms_field's drop zone ignores those errors. Show each one to the user
// (the files that were accepted are stored and listed as before).
const showUploadErrors = {
    async onDMSDroppedFile(directoryId, files) {
        const answer = await this.http.post(
            "/web/binary/upload_dms_file",
            {
                csrf_token: odoo.csrf_token,
                ufile: [...files],
                directory_id: directoryId,
            },
            "text"
        );
        const results = JSON.parse(answer);
        for (const result of results.filter((item) => item.error)) {
            this.env.services.notification.add(result.error, {
                type: "danger",
                sticky: true,
            });
        }
        return results.filter((item) => !item.error).map((item) => item.id);
    },
};

patch(DmsListController.prototype, showUploadErrors);
patch(X2ManyField.prototype, showUploadErrors);
