// The IdP-specific consequence of each scim_* code, from research/scim-anchors.md §5.
#include "scim/consequence.hpp"

namespace ssoctl::scim {

diag::Text consequence(diag::Code code, Idp idp) {
    using C = diag::Code;
    const bool okta = idp == Idp::okta;
    if (idp == Idp::generic) return {};
    switch (code) {
        case C::scim_auth_failed:
        case C::scim_auth_redirect:
            return okta ? diag::Text{"Okta fails every provisioning task with an authentication error", "Okta はすべてのプロビジョニングタスクを認証エラーで失敗させます"}
                        : diag::Text{"Entra ID quarantines the provisioning job on invalid credentials", "Entra ID は認証情報が無効だとプロビジョニングジョブを検疫します"};
        case C::scim_not_found_on_no_match:
            return okta ? diag::Text{"Okta accepts a 404 for 'no match', so Okta provisioning still works", "Okta は「一致なし」の 404 を許容するため、Okta のプロビジョニングは動作します"}
                        : diag::Text{"Entra ID treats this 404 as a SCIM compliance failure: Test Connection fails and the job may be quarantined", "Entra ID はこの 404 を SCIM 非準拠とみなし、接続テストが失敗してジョブが検疫される可能性があります"};
        case C::scim_filter_unsupported:
            return okta ? diag::Text{"Okta will not find existing users, POST them again and get 409, or link the wrong user", "Okta は既存ユーザーを見つけられず再作成して 409 になるか、別のユーザーを紐付けます"}
                        : diag::Text{"Entra ID will create duplicates (or fail on the 409 and retry), or log MultipleEntriesInResponse", "Entra ID は重複ユーザーを作成しようとし (409 で失敗して再試行)、または MultipleEntriesInResponse を記録します"};
        case C::scim_filter_case_sensitive:
            return okta ? diag::Text{"Okta misses users whose case differs, POSTs them, and treats the 409 as a permanent failure", "Okta は大文字小文字が違うユーザーを見落として再作成し、409 を恒久的な失敗として扱います"}
                        : diag::Text{"Entra ID will not match users whose case differs and will try to create duplicates; the 409s are escrowed and retried", "Entra ID は大文字小文字が違うユーザーを照合できず重複作成を試み、409 はエスクローされて再試行されます"};
        case C::scim_duplicate_not_409:
            return okta ? diag::Text{"Okta expects 409 with an Error body to stop the job; anything else leaves a second account or an unexplained error", "Okta はジョブを止めるためにエラー本文付きの 409 を期待します。それ以外では二重アカウントか原因不明のエラーになります"}
                        : diag::Text{"Entra ID will create duplicates when its matching misses", "Entra ID の照合が外れると重複ユーザーが作られます"};
        case C::scim_boolean_string_rejected:
            return okta ? diag::Text{} : diag::Text{"Entra ID (without ?aadOptscim062020) sends \"False\": users are never disabled", "Entra ID (?aadOptscim062020 なし) は \"False\" を送るため、ユーザーが無効化されません"};
        case C::scim_patch_op_case:
            return okta ? diag::Text{} : diag::Text{"every Entra ID update, disable and group change fails", "Entra ID からの更新・無効化・グループ変更がすべて失敗します"};
        case C::scim_deactivate_failed:
            return okta ? diag::Text{"Okta never deletes users, it only sends active=false: unassigned users keep access", "Okta はユーザーを削除せず active=false だけを送るため、割り当て解除したユーザーがアクセスを持ち続けます"}
                        : diag::Text{"Entra ID disables leavers with active=false: they keep access and the failures are retried for weeks", "Entra ID は退職者を active=false で無効化するため、アクセスが残り、失敗は数週間再試行されます"};
        case C::scim_license_limit:
            return okta ? diag::Text{"Okta marks each such assignment as failed until an admin retries it under Dashboard > Tasks", "Okta はこの割り当てを失敗として表示し、管理者が [ダッシュボード] > [タスク] で再試行するまで残ります"}
                        : diag::Text{"Entra ID keeps retrying each refused user (6 h, 12 h, 24 h, then daily for 28 days) and can quarantine the app when most calls fail", "Entra ID は拒否されたユーザーを再試行し続け (6 時間・12 時間・24 時間後、その後 28 日間毎日)、大半の呼び出しが失敗するとアプリを検疫することがあります"};
        case C::scim_error_schema:
            return okta ? diag::Text{"Okta shows 'Unrecognized token' instead of the server's reason", "Okta はサーバーの理由ではなく 'Unrecognized token' と表示します"}
                        : diag::Text{"Entra ID provisioning logs show no usable reason", "Entra ID のプロビジョニングログに原因が表示されません"};
        case C::scim_wrong_content_type:
            return okta ? diag::Text{"Okta tolerates application/json, not HTML or text", "Okta は application/json は許容しますが、HTML やテキストは受け付けません"}
                        : diag::Text{"Entra ID requires application/scim+json on every response", "Entra ID はすべての応答に application/scim+json を要求します"};
        case C::scim_group_failed:
            return okta ? diag::Text{"Okta push-group membership changes are lost", "Okta のグループプッシュによるメンバー変更が失われます"}
                        : diag::Text{"Entra ID group membership changes fail or wipe members", "Entra ID のグループメンバー変更が失敗するか、メンバーが消えます"};
        case C::scim_pagination_broken:
            return okta ? diag::Text{"Okta imports miss or repeat users", "Okta のインポートでユーザーの取りこぼしや重複が起きます"}
                        : diag::Text{"Entra ID matching is unaffected, but the SCIM validator and imports fail", "Entra ID の照合には影響しませんが、SCIM 検証ツールやインポートが失敗します"};
        case C::scim_excluded_attributes_ignored:
            return okta ? diag::Text{} : diag::Text{"Entra ID reads every group with excludedAttributes=members; large groups time out", "Entra ID はすべてのグループを excludedAttributes=members で読むため、大きなグループでタイムアウトします"};
        case C::scim_put_failed:
            return okta ? diag::Text{"Okta sends every profile update as PUT: updates fail", "Okta はプロフィール更新をすべて PUT で送るため、更新が失敗します"} : diag::Text{};
        case C::scim_patch_failed:
            return okta ? diag::Text{"Okta's activate/deactivate PATCH fails", "Okta の有効化・無効化の PATCH が失敗します"}
                        : diag::Text{"Entra ID attribute updates fail and are retried", "Entra ID の属性更新が失敗し、再試行されます"};
        case C::scim_rate_limited:
            return okta ? diag::Text{"Okta reschedules 429s only for some OIN connectors; for other apps the tasks fail", "Okta が 429 を再スケジュールするのは一部の OIN コネクタだけで、それ以外ではタスクが失敗します"}
                        : diag::Text{"whether Entra ID honours Retry-After for custom apps is unverified; failed exports are retried in later cycles", "Entra ID がカスタムアプリで Retry-After を守るかは未確認で、失敗したエクスポートは後のサイクルで再試行されます"};
        case C::scim_insecure_transport:
            return okta ? diag::Text{"Okta refuses to provision to a non-https base URL", "Okta は https でないベース URL にはプロビジョニングしません"}
                        : diag::Text{"Entra ID refuses a non-https Tenant URL", "Entra ID は https でないテナント URL を受け付けません"};
        case C::scim_tls_incompatible:
            return okta ? diag::Text{} : diag::Text{"Entra ID's Test Connection fails: it speaks only TLS 1.2 with these suites", "Entra ID の接続テストが失敗します。Entra ID はこれらのスイートの TLS 1.2 しか使いません"};
        case C::scim_manager_string_rejected:
            return okta ? diag::Text{} : diag::Text{"every Entra ID manager update fails and is retried", "Entra ID の manager 更新がすべて失敗し、再試行されます"};
        case C::scim_dangling_member:
            return okta ? diag::Text{"Okta group pushes list members that no longer exist", "Okta のグループプッシュに存在しないメンバーが残ります"}
                        : diag::Text{"Entra ID group reads return members that no longer exist", "Entra ID のグループ読み取りで存在しないメンバーが返ります"};
        case C::scim_username_not_key:
            return okta ? diag::Text{"Okta matches on userName: a user whose username is not the email is not found and is created again (409)", "Okta は userName で照合するため、ユーザー名がメールと異なるユーザーが見つからず再作成されます (409)"}
                        : diag::Text{"Entra ID sends userName = UPN, often not the mail: it matches the wrong user or none", "Entra ID は userName に UPN (メールと異なることが多い) を送るため、別のユーザーに一致するか一致しません"};
        case C::scim_lookup_stale:
            return okta ? diag::Text{"after a username change Okta no longer finds the user and its re-create answers 409", "ユーザー名の変更後、Okta はユーザーを見つけられず、再作成が 409 になります"}
                        : diag::Text{"after a UPN change Entra ID no longer matches the user; new users with the freed name fail with 409", "UPN の変更後、Entra ID はユーザーを照合できず、空いた名前の新規ユーザーは 409 で失敗します"};
        case C::scim_extension_path_mangled:
            return okta ? diag::Text{} : diag::Text{"every Entra ID update of employeeNumber, department or manager stores garbage", "Entra ID による employeeNumber・department・manager の更新がすべて不正なデータとして保存されます"};
        default: return {};
    }
}

}  // namespace ssoctl::scim
